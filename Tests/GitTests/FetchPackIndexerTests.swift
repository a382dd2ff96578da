import CLibGit2
import Foundation
import XCTest
@testable import Git
import TestSupport

/// The pack a fetch receives is indexed by `FetchPackIndexer`, which unmaps the pack while its
/// deltas are resolved. These tests unmap after every delta and check that the fetched history is
/// whole: every version of a file reads back, and `git fsck --full` accepts the repository.
final class FetchPackIndexerTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
    }

    override func tearDown() {
        scratch = nil
    }

    /// Counts unmappings, from the fetch's worker thread.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func add() { lock.withLock { value += 1 } }
        var count: Int { lock.withLock { value } }
    }

    /// A file of 60 lines where version `n` changes one line: consecutive versions pack as deltas.
    private func config(_ version: Int) -> String {
        (0..<60).map { line in
            line == version % 60 ? "setting\(line) = changed in version \(version)" : "setting\(line) = default value \(line)"
        }.joined(separator: "\n") + "\n"
    }

    /// Commits versions `range` of `config.txt` on `main`; returns each version's commit.
    private func commitVersions(_ range: Range<Int>, to fixture: GitFixture) throws -> [Int: ObjectID] {
        var commits: [Int: ObjectID] = [:]
        for version in range {
            commits[version] = try fixture.commit(texts: ["config.txt": config(version), "Dockerfile": "FROM alpine:3.\(version)\n"])
        }
        return commits
    }

    private func fetch(_ url: String, into mirror: Repository, counter: Counter,
                       credentials: Credentials = .anonymous) throws -> FetchResult {
        try Remote.fetch(intoRepositoryAt: mirror.path, url: url, branches: ["main"], prune: false,
                         credentials: credentials, timeout: .seconds(120),
                         packIndexer: FetchPackIndexer.Settings(deltasPerRelease: 1, onRelease: counter.add))
    }

    /// Every version reads back from `mirror` as it was committed.
    private func assertEveryVersionReads(_ commits: [Int: ObjectID], in mirror: Repository,
                                         file: StaticString = #filePath, line: UInt = #line) throws {
        for (version, commit) in commits {
            let tree = try mirror.commitInfo(commit).tree
            guard let blob = try mirror.entryID(atPath: "config.txt", inTree: tree),
                  case .bytes(let bytes) = try mirror.readBlob(blob, maxSize: 1 << 20) else {
                return XCTFail("version \(version) is missing", file: file, line: line)
            }
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), config(version), file: file, line: line)
        }
    }

    /// `git fsck --full` on `repository`: its exit status and what it printed.
    private func fsck(_ repository: Repository) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir", repository.path, "fsck", "--full", "--no-dangling"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["GIT_CONFIG_NOSYSTEM": "1", "HOME": scratch.path(".")]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testAPackUnmappedAfterEveryDeltaHoldsTheWholeHistory() throws {
        let remote = try GitFixture(in: scratch, named: "remote.git")
        let commits = try commitVersions(0..<80, to: remote)
        let mirror = try Repository.initBare(at: scratch.path("mirror.git"))
        let counter = Counter()

        let result = try fetch(remote.path, into: mirror, counter: counter)

        XCTAssertEqual(result.branches["main"], commits[79])
        XCTAssertGreaterThan(counter.count, 0, "the pack had deltas, so it was unmapped while resolving them")
        try assertEveryVersionReads(commits, in: mirror)
        let check = try fsck(mirror)
        XCTAssertEqual(check.status, 0, check.output)
    }

    func testAHandleWithTheIndexerStillListsEveryObject() throws {
        let fixture = try GitFixture(in: scratch, named: "repo.git")
        try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"])
        let repository = try Repository.open(at: fixture.path)
        var count = 0
        let code = try repository.handle.withPointer { (pointer) throws(GitError) -> Int32 in
            try FetchPackIndexer.install(into: pointer)
            var odb: OpaquePointer?
            XCTAssertEqual(git_repository_odb(&odb, pointer), 0)
            defer { git_odb_free(odb) }
            return git_odb_foreach(odb, { _, payload in
                payload?.assumingMemoryBound(to: Int.self).pointee += 1
                return 0
            }, &count)
        }
        XCTAssertEqual(code, 0)
        XCTAssertEqual(count, 3, "a commit, its tree and the Dockerfile")
    }

    /// Over smart HTTP a second fetch receives a thin pack (deltas against objects the mirror has),
    /// which the indexer completes with objects it copies in: unmapping must not upset that either.
    func testAThinPackFetchedOverHTTPIsCompletedAndWhole() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let baseURL = environment["CENSUS_TEST_GIT_HTTP"], let root = environment["CENSUS_TEST_GIT_HTTP_ROOT"] else {
            throw XCTSkip("no loopback git HTTP server (start one with scripts/servers/git-http.sh start)")
        }
        let folder = "pack-indexer-" + UUID().uuidString.lowercased()
        defer { try? FileManager.default.removeItem(atPath: root + "/" + folder) }
        let remote = try GitFixture(at: root + "/" + folder + "/app.git")
        var commits = try commitVersions(0..<30, to: remote)
        let url = baseURL + "/" + folder + "/app.git"
        let mirror = try Repository.initBare(at: scratch.path("mirror.git"))
        _ = try fetch(url, into: mirror, counter: Counter())

        commits.merge(try commitVersions(30..<60, to: remote)) { $1 }
        let counter = Counter()
        let result = try fetch(url, into: mirror, counter: counter)

        XCTAssertEqual(result.branches["main"], commits[59])
        XCTAssertGreaterThan(counter.count, 0)
        try assertEveryVersionReads(commits, in: mirror)
        let check = try fsck(mirror)
        XCTAssertEqual(check.status, 0, check.output)
    }
}
