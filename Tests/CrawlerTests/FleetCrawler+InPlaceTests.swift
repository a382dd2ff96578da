import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Crawler

/// A repository on this machine is read where it is: no mirror in the cache, nothing written into
/// the user's repository, only its tracked branches read, and what it lacks reported as its own.
final class FleetCrawlerInPlaceTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var database: AppDatabase!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        database = try AppDatabase.inMemory()
    }

    private func crawl(_ url: String, branches: [String] = []) async throws -> RepositoryOutcome {
        let crawler = FleetCrawler(database: database, cacheDirectory: scratch.path("cache"), jobs: 1, scanJobs: 2,
                                   credentials: .anonymous)
        let spec = RepositorySpec(url: url, branches: branches.compactMap(BranchPattern.init), name: "app")
        let summary = try await crawler.crawl([spec])
        return try XCTUnwrap(summary.outcomes.first)
    }

    private func images(on branch: String) throws -> [String] {
        try database.currentReferences(ReferenceFilter(repository: "app", branch: branch)).compactMap(\.reference.image)
    }

    /// Every file and folder below `folder` with its size, modification time and content hash.
    private func fingerprint(_ folder: String) throws -> [String] {
        let files = FileManager.default
        var lines: [String] = []
        for case let relative as String in try XCTUnwrap(files.enumerator(atPath: folder)) {
            let path = folder + "/" + relative
            let attributes = try files.attributesOfItem(atPath: path)
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            var line = "\(relative) \(attributes[.size] ?? 0) \(modified)"
            if attributes[.type] as? FileAttributeType == .typeRegular {
                // FNV-1a of the bytes: any change to the file changes it.
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in try Data(contentsOf: URL(fileURLWithPath: path)) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                line += " \(hash)"
            }
            lines.append(line)
        }
        return lines.sorted()
    }

    /// What the cache folder holds (empty when it was never created).
    private func cacheContents() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: scratch.path("cache"))) ?? []
    }

    @discardableResult
    private func git(_ arguments: [String], in folder: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        process.environment = ProcessInfo.processInfo.environment.merging([
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
            "GIT_CONFIG_NOSYSTEM": "1", "HOME": scratch.path("."),
        ]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testABareRepositoryIsReadInPlaceWithoutAMirrorAndWithoutWritingIntoIt() async throws {
        let fixture = try GitFixture(in: scratch, named: "app.git")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"])
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.19\n"], on: "release/1.0")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.18\n"], on: "experiment")
        try fixture.setDefaultBranch("main")
        let before = try fingerprint(fixture.path)

        let outcome = try await crawl(fixture.path, branches: ["main", "release/*"])

        XCTAssertEqual(outcome.status, .ok, "\(outcome)")
        XCTAssertEqual(outcome.branches, 2, "only the tracked branches are read")
        XCTAssertEqual(try images(on: "main"), ["alpine:3.20"])
        XCTAssertEqual(try images(on: "release/1.0"), ["alpine:3.19"])
        XCTAssertEqual(cacheContents(), [], "no mirror, no lock file in the cache")
        XCTAssertEqual(try fingerprint(fixture.path), before, "the user's repository is left exactly as it was")
    }

    func testAWorkingTreeRepositoryIsReadInPlaceFromItsBranchesNotItsFiles() async throws {
        let folder = scratch.path("work")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: folder)
        _ = try scratch.write("work/Dockerfile", "FROM ubuntu:24.04\n")
        try git(["add", "Dockerfile"], in: folder)
        try git(["commit", "-q", "-m", "first"], in: folder)
        try git(["branch", "release/2.0"], in: folder)
        // Uncommitted changes are not a branch's content.
        _ = try scratch.write("work/Dockerfile", "FROM ubuntu:26.04\n")
        let before = try fingerprint(folder)

        let outcome = try await crawl(folder, branches: ["main", "release/*"])

        XCTAssertEqual(outcome.status, .ok, "\(outcome)")
        XCTAssertEqual(try images(on: "main"), ["ubuntu:24.04"])
        XCTAssertEqual(try images(on: "release/2.0"), ["ubuntu:24.04"])
        XCTAssertEqual(cacheContents(), [])
        XCTAssertEqual(try fingerprint(folder), before)
    }

    func testTheDefaultBranchIsTheOneHeadNames() async throws {
        let fixture = try GitFixture(in: scratch, named: "app.git")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"], on: "trunk")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.19\n"], on: "other")
        try fixture.setDefaultBranch("trunk")

        let outcome = try await crawl(fixture.path)

        XCTAssertEqual(outcome.status, .ok, "\(outcome)")
        XCTAssertEqual(outcome.branches, 1)
        XCTAssertEqual(try images(on: "trunk"), ["alpine:3.20"])
    }

    func testAReCrawlReadsOnlyTheBranchesThatMovedAndADeletedBranchIsNoLongerCurrent() async throws {
        let fixture = try GitFixture(in: scratch, named: "app.git")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"])
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.19\n"], on: "release/1.0")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.18\n"], on: "release/0.9")
        _ = try await crawl(fixture.path, branches: ["main", "release/*"])

        let unchanged = try await crawl(fixture.path, branches: ["main", "release/*"])
        XCTAssertEqual(unchanged.branchesUnchanged, 3)
        XCTAssertEqual(unchanged.branchesReused, 3)

        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.21\n"])
        try fixture.repository.deleteBranch("release/0.9")
        let moved = try await crawl(fixture.path, branches: ["main", "release/*"])

        XCTAssertEqual(moved.status, .ok, "\(moved)")
        XCTAssertEqual(moved.branches, 2)
        XCTAssertEqual(moved.branchesReused, 1, "release/1.0 did not move and is not read again")
        XCTAssertEqual(try images(on: "main"), ["alpine:3.21"])
        XCTAssertEqual(try database.currentReferences().map(\.branch).sorted(), ["main", "release/1.0"])
        XCTAssertEqual(cacheContents(), [])
    }

    func testAFileURLAndASymbolicLinkAreReadInPlaceAsTheSameRepository() async throws {
        let fixture = try GitFixture(in: scratch, named: "app.git")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"])
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link.git"), withDestinationPath: fixture.path)

        let viaURL = try await crawl(fixture.fileURL)
        XCTAssertEqual(viaURL.status, .ok, "\(viaURL)")
        XCTAssertEqual(try images(on: "main"), ["alpine:3.20"])
        let viaLink = try await crawl(scratch.path("link.git"))
        XCTAssertEqual(viaLink.status, .ok, "\(viaLink)")
        XCTAssertEqual(viaLink.branchesReused, 1, "the commit read through the URL is not read again")
        XCTAssertEqual(cacheContents(), [])
    }

    func testAShallowRepositoryIsReadAtItsTipsAndABranchBeyondItsHistorySaysItIsShallow() async throws {
        let source = try GitFixture(in: scratch, named: "source.git")
        let old = try source.commit(texts: ["Dockerfile": "FROM alpine:3.19\n"])
        try source.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"])
        try source.setDefaultBranch("main")
        let shallow = scratch.path("shallow.git")
        try git(["clone", "-q", "--bare", "--depth", "1", source.fileURL, shallow])
        // A branch pointing behind the shallow boundary, as a copied reference leaves it.
        try Data((old.hex + "\n").utf8).write(to: URL(fileURLWithPath: shallow + "/refs/heads/old"))
        let before = try fingerprint(shallow)

        let outcome = try await crawl(shallow, branches: ["main", "old"])

        XCTAssertEqual(try images(on: "main"), ["alpine:3.20"], "the tip of a shallow clone is all census reads")
        XCTAssertEqual(outcome.branchErrors, ["old: " + GitError.incompleteRepository(
            path: shallow, missing: "object \(old.hex)", because: .shallow).description])
        XCTAssertTrue(outcome.branchErrors.first?.contains("is a shallow clone") == true, "\(outcome.branchErrors)")
        XCTAssertNil(outcome.repaired, "the user's repository is never repaired")
        XCTAssertEqual(cacheContents(), [])
        XCTAssertEqual(try fingerprint(shallow), before)
    }

    func testARepositoryThatLostAnObjectSaysSoAndItsBranchKeepsItsLastCrawlStale() async throws {
        let fixture = try GitFixture(in: scratch, named: "app.git")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"])
        _ = try await crawl(fixture.path)
        let tip = try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.21\n", "eng/Dockerfile": "FROM ubuntu:26.04\n"])
        let blob = try XCTUnwrap(try fixture.repository.entryID(atPath: "eng/Dockerfile",
                                                                 inTree: try fixture.repository.commitInfo(tip).tree))
        try FileManager.default.removeItem(atPath: fixture.path + "/objects/\(blob.hex.prefix(2))/\(blob.hex.dropFirst(2))")

        let outcome = try await crawl(fixture.path)

        XCTAssertEqual(outcome.branchErrors, ["main: " + GitError.incompleteRepository(
            path: fixture.path, missing: "object \(blob.hex)", because: nil).description])
        XCTAssertTrue(outcome.branchErrors.first?.contains("git -C \(fixture.path) fsck") == true)
        XCTAssertNil(outcome.repaired)
        XCTAssertEqual(try database.currentReferences().map { "\($0.reference.image ?? "-") stale=\($0.stale)" },
                       ["alpine:3.20 stale=true"])
        XCTAssertEqual(cacheContents(), [])
    }
}
