import XCTest
@testable import Git
import TestSupport

/// Drives libgit2's own transport (the path HTTPS and SSH URLs take) against a local remote.
final class RemoteTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var remote: GitFixture!
    private var mirror: Repository!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        remote = try GitFixture(in: scratch, named: "remote.git")
        mirror = try Repository.initBare(at: scratch.path("mirror.git"))
    }

    override func tearDown() {
        mirror = nil
        remote = nil
        scratch = nil
    }

    private func fetch(_ branches: [String], prune: Bool = false) throws -> FetchResult {
        try Remote.fetch(intoRepositoryAt: mirror.path, url: remote.fileURL, branches: branches, prune: prune,
                         credentials: .anonymous, timeout: .seconds(60), libgit2Transport: true)
    }

    func testTheLibgit2TransportCreatesOnlyTheRequestedBranchRefs() throws {
        let main = try remote.commit(texts: ["a": "1"])
        let release = try remote.commit(texts: ["a": "2"], on: "release/8.0")
        try remote.commit(texts: ["a": "3"], on: "other")
        try remote.tag("v1", at: main)
        try remote.annotatedTag("v2", at: release)
        try remote.pullRequest(1, at: release)
        let result = try fetch(["main", "release/8.0", "absent"])
        XCTAssertEqual(result, FetchResult(branches: ["main": main, "release/8.0": release], missing: ["absent"], pruned: []))
        XCTAssertEqual(try mirror.references(), ["refs/heads/main": main, "refs/heads/release/8.0": release])
    }

    func testTheLibgit2TransportUpdatesAndPrunes() throws {
        try remote.commit(texts: ["a": "1"])
        try remote.commit(texts: ["a": "2"], on: "old")
        _ = try fetch(["main", "old"])
        let next = try remote.commit(texts: ["a": "3"])
        try remote.repository.deleteBranch("old")
        let result = try fetch(["main", "old"], prune: true)
        XCTAssertEqual(result, FetchResult(branches: ["main": next], missing: ["old"], pruned: ["old"]))
        XCTAssertEqual(try mirror.localBranches(), ["main": next])
    }
}
