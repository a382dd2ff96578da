import Extraction
import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Crawler

/// Within a crawl, one commit per repository is scanned whole and the others as their difference
/// from it. Every branch must still store exactly what scanning it whole gives.
final class FleetCrawlerDifferentialScanTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!
    private var database: AppDatabase!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "app.git")
        database = try AppDatabase.inMemory()
    }

    private func crawl() async throws -> CrawlSummary {
        let crawler = FleetCrawler(database: database, cacheDirectory: scratch.path("mirrors"), jobs: 2, scanJobs: 2,
                                   credentials: .anonymous)
        let spec = RepositorySpec(url: fixture.path, branches: ["main", "release/*"].compactMap(BranchPattern.init),
                                  name: "app")
        return try await crawler.crawl([spec])
    }

    /// What a whole scan of the branch's tip gives, with no caches.
    private func wholeScan(_ branch: String) throws -> SnapshotScan {
        let tip = try XCTUnwrap(fixture.repository.localBranches()[branch])
        let tree = try fixture.repository.commitInfo(tip).tree
        return try SnapshotScanner().scan(GitTreeSource(repository: fixture.repository, tree: tree))
    }

    private func stored(_ branch: String, run: Int64) throws -> (references: [Reference], warnings: [FileWarning]) {
        let id = try database.readOnlyQuery(sql: """
            SELECT s.commit_scan_id FROM branch_scan s JOIN branch b ON b.id = s.branch_id WHERE b.name = ? AND s.run_id = ?
            """, arguments: [.text(branch), .integer(run)]).rows.first?.first
        guard case .integer(let commitScanID)? = id else {
            XCTFail("no commit scan for \(branch)")
            return ([], [])
        }
        return (try database.references(commitScanID: commitScanID), try database.warnings(commitScanID: commitScanID))
    }

    let main: [String: FileContent] = [
        "azure-pipelines.yml": .text("""
            variables:
            - template: /eng/variables.yml
            resources:
              containers:
              - container: Build
                image: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64
            jobs:
            - template: /eng/jobs/linux.yml
              parameters:
                container: Build
            """),
        "eng/variables.yml": .text("""
            variables:
            - name: testImage
              value: mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-22.04-amd64
            """),
        "eng/jobs/linux.yml": .text("""
            parameters:
            - name: container
              default: ''
            jobs:
            - job: Linux
              container: ${{ parameters.container }}
            - job: Test
              container: ${{ variables.testImage }}
            """),
        "src/Dockerfile": .text("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nFROM build\n"),
        "src/tools/Dockerfile": .text("ARG TAG\nFROM alpine:${TAG}\n"),
        "docker-compose.yml": .text("services:\n  db:\n    image: postgres:16\n"),
        "linked/Dockerfile": .symlink("../src/Dockerfile"),
        "README.md": .text("readme\n"),
    ]

    func testEveryBranchScannedAsADifferenceStoresWhatAWholeScanGives() async throws {
        let base = try fixture.commit(main)
        var edits: [String: (inout [String: FileContent]) -> Void] = [:]
        edits["release/1.0"] = { $0["src/Dockerfile"] = .text("FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nFROM build\n") }
        edits["release/2.0"] = { $0["eng/variables.yml"] = .text("""
            variables:
            - name: testImage
              value: mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-24.04-amd64
            """) }
        edits["release/3.0"] = { files in
            files["azure-pipelines.yml"] = files["azure-pipelines.yml"].map {
                guard case .text(let text) = $0 else { return $0 }
                return .text(text.replacingOccurrences(of: "net10.0-build", with: "net9.0-build"))
            }
        }
        edits["release/4.0"] = { $0["src"] = nil; $0["src/Dockerfile"] = nil; $0["src/tools/Dockerfile"] = nil }
        edits["release/5.0"] = { $0["new/deep/Dockerfile"] = .text("FROM debian:12\n"); $0["linked/Dockerfile"] = nil
            $0["external/sdk"] = .submodule(ObjectID(hex: String(repeating: "a", count: 40))!) }
        edits["release/6.0"] = { $0["eng/jobs/linux.yml"] = nil }
        edits["release/7.0"] = { $0["docker-compose.yml"] = .text("services:\n  db:\n    image: [broken\n") }
        edits["release/8.0"] = { _ in }
        // More differences than one transaction records (FleetCrawler.commitsPerTransaction), so the
        // branches are recorded in two groups; release/10.0 repeats release/1.0's file across them.
        edits["release/9.0"] = { $0["src/tools/Dockerfile"] = .text("ARG TAG=3.20\nFROM alpine:${TAG}\n")
            $0["ci/.gitlab-ci.yml"] = .text("build:\n  image: node:22\n") }
        edits["release/10.0"] = edits["release/1.0"]
        for (branch, edit) in edits {
            var files = main
            edit(&files)
            try fixture.commit(files, on: branch, parents: [base])
        }

        XCTAssertGreaterThan(edits.count, FleetCrawler.commitsPerTransaction(commits: edits.count, threads: 2))

        let summary = try await crawl()

        XCTAssertEqual(summary.outcomes.first?.branchesFailed, 0)
        XCTAssertEqual(summary.outcomes.first?.branches, edits.count + 1)
        for branch in ["main"] + edits.keys.sorted() {
            let whole = try wholeScan(branch)
            let (references, warnings) = try stored(branch, run: summary.runID)
            XCTAssertEqual(references, whole.references, branch)
            XCTAssertEqual(warnings, whole.warnings, branch)
        }
        // The branches share the file results they have in common with main.
        let files = try database.readOnlyQuery(sql: "SELECT (SELECT count(*) FROM file_scan), (SELECT count(*) FROM commit_file)")
        guard case .integer(let fileScans)? = files.rows.first?[0], case .integer(let links)? = files.rows.first?[1] else {
            return XCTFail("no counts")
        }
        XCTAssertLessThan(fileScans, links / 4)
        // And each is stored as what differs from main: main's commit scan is every one's base, and the
        // entries are fewer than half the files they read back as (`commit_file`).
        let stored = try database.readOnlyQuery(sql: """
            SELECT (SELECT count(*) FROM commit_scan WHERE base_commit_scan_id = (SELECT commit_scan_id FROM branch_scan s
                      JOIN branch b ON b.id = s.branch_id WHERE b.name = 'main')),
                   (SELECT count(*) FROM commit_file_entry)
            """)
        guard case .integer(let differences)? = stored.rows.first?[0], case .integer(let entries)? = stored.rows.first?[1] else {
            return XCTFail("no counts")
        }
        XCTAssertEqual(differences, Int64(edits.count))
        XCTAssertLessThan(entries, links / 2)
    }

    /// Groups spread a repository's differences over the scan threads, 8 to 32 commits each.
    func testGroupsSpreadTheDifferencesOverTheScanThreads() {
        XCTAssertEqual(FleetCrawler.commitsPerTransaction(commits: 29, threads: 2), 15)
        XCTAssertEqual(FleetCrawler.commitsPerTransaction(commits: 11, threads: 2), 8)
        XCTAssertEqual(FleetCrawler.commitsPerTransaction(commits: 100, threads: 8), 13)
        XCTAssertEqual(FleetCrawler.commitsPerTransaction(commits: 1_000, threads: 2), 32)
        XCTAssertEqual(FleetCrawler.commitsPerTransaction(commits: 3, threads: 0), 8)
    }
}
