import Crawler
import Foundation
import Git
import Inventory
@testable import Migration
import Policy
import TestSupport
import XCTest

/// A fleet of real repositories built in a scratch folder, crawled into an inventory, and migrated.
final class MigrationFleet {
    let scratch: ScratchDirectory
    let database: AppDatabase
    private(set) var fixtures: [String: GitFixture] = [:]
    private var lines: [String] = []

    init() throws {
        scratch = try ScratchDirectory()
        database = try AppDatabase(path: scratch.path("census.sqlite"))
    }

    var mirrorRoot: String { scratch.path("mirrors") }
    /// Where migrations keep the repositories that hold their new commits (a plan writes nothing into the
    /// user's repository), for the tests to read.
    var scratchRoot: String { scratch.path("migrations") }

    /// A repository named `name` whose `main` branch (and any other given) holds `files`.
    @discardableResult
    func repository(_ name: String, branches: [String: [String: FileContent]], tracked: String = "main") throws -> GitFixture {
        let fixture = try GitFixture(in: scratch, named: name)
        for (branch, files) in branches.sorted(by: { $0.key < $1.key }) {
            try fixture.commit(files, on: branch)
        }
        try fixture.setDefaultBranch("main")
        fixtures[name] = fixture
        lines.append("\(fixture.path) name=\(name) branches=\(tracked)")
        return fixture
    }

    /// One repository with text files on `main`.
    @discardableResult
    func repository(_ name: String, texts: [String: String]) throws -> GitFixture {
        try repository(name, branches: ["main": texts.mapValues { FileContent.text($0) }])
    }

    func crawl() async throws {
        let specs = try RepoList.parse(lines.joined(separator: "\n") + "\n")
        let summary = try await FleetCrawler(database: database, cacheDirectory: mirrorRoot, jobs: 1, credentials: .anonymous)
            .crawl(specs)
        XCTAssertTrue(summary.failures.isEmpty, "\(summary.failures)")
    }

    func migrate(from pattern: String, to image: String, createBranches: Bool = false, repository: String? = nil) throws -> [BranchMigration] {
        let request = MigrationRequest(selection: .image(from: try Glob(pattern), to: image), repository: repository,
                                       name: MigrationRequest.defaultName(for: image),
                                       author: "Migration Test <migrate@census.invalid>",
                                       date: Date(timeIntervalSince1970: 1_760_000_000), createBranches: createBranches)
        var runner = MigrationRunner(database: database, mirrorRoot: mirrorRoot)
        runner.scratchRoot = scratchRoot
        return try runner.run(request)
    }

    /// A repository of the fleet, which the crawl reads where it is (a local repository has no mirror),
    /// and where `--commit` puts its branches.
    func gitRepository(_ name: String) throws -> Repository {
        let fixture = try XCTUnwrap(fixtures[name])
        return try Repository.open(at: fixture.path)
    }

    /// A migration's commits of repository `name`: the scratch repository borrowing its objects.
    func migrationRepository(_ name: String) throws -> Repository {
        let fixture = try XCTUnwrap(fixtures[name])
        return try Repository.open(at: scratchRoot + "/" + BorrowingRepository.folderName(for: fixture.path))
    }

    /// The bytes of `path` at `commit` (a migration's) in the repository `name`.
    func file(_ path: String, at commit: String, in name: String) throws -> [UInt8] {
        let repository = try migrationRepository(name)
        let tree = try repository.commitInfo(try XCTUnwrap(ObjectID(hex: commit))).tree
        let blob = try XCTUnwrap(try repository.entryID(atPath: path, inTree: tree), "no \(path) at \(commit)")
        guard case .bytes(let bytes) = try repository.readBlob(blob, maxSize: 1 << 20) else { return [] }
        return bytes
    }

    func text(_ path: String, at commit: String, in name: String) throws -> String {
        String(decoding: try file(path, at: commit, in: name), as: UTF8.self)
    }
}
