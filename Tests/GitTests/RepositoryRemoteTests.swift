import XCTest
import Git
import TestSupport

final class RepositoryRemoteTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var remote: GitFixture!
    private var mirror: Repository!
    private var main: ObjectID!
    private var release: ObjectID!
    private var feature: ObjectID!

    /// A remote with three branches, a lightweight and an annotated tag, and pull-request refs.
    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        remote = try GitFixture(in: scratch, named: "remote.git")
        main = try remote.commit(texts: ["Dockerfile": "FROM main"])
        release = try remote.commit(texts: ["Dockerfile": "FROM release"], on: "release/8.0")
        feature = try remote.commit(texts: ["Dockerfile": "FROM feature"], on: "feature/x")
        try remote.tag("v1", at: main)
        try remote.annotatedTag("v2", at: release)
        let pullOnly = try remote.commit(texts: ["Dockerfile": "FROM pr"], on: "temp")
        try remote.pullRequest(42, at: pullOnly)
        try remote.repository.deleteBranch("temp")
        mirror = try Repository.initBare(at: scratch.path("mirror.git"))
    }

    override func tearDown() {
        mirror = nil
        remote = nil
        scratch = nil
    }

    func testListingALocalPathReportsEveryBranchAndTheDefaultBranch() throws {
        let heads = try mirror.listRemote(url: remote.path)
        XCTAssertEqual(heads, RemoteHeads(branches: ["main": main, "release/8.0": release, "feature/x": feature],
                                          defaultBranch: "main"))
    }

    func testListingAFileURLGivesTheSameAnswer() throws {
        try remote.setDefaultBranch("release/8.0")
        let heads = try mirror.listRemote(url: remote.fileURL)
        XCTAssertEqual(heads.branches, ["main": main, "release/8.0": release, "feature/x": feature])
        XCTAssertEqual(heads.defaultBranch, "release/8.0")
    }

    func testListingAWorkTreeRepositoryWorks() throws {
        let work = try GitFixture(in: scratch, named: "work", bare: false)
        let tip = try work.commit(texts: ["a": "1"])
        XCTAssertEqual(try mirror.listRemote(url: work.path), RemoteHeads(branches: ["main": tip], defaultBranch: "main"))
    }

    func testListingDoesNotDownloadAnything() throws {
        _ = try mirror.listRemote(url: remote.path)
        XCTAssertEqual(try mirror.references(), [:])
        XCTAssertThrowsError(try mirror.commitInfo(main))
    }

    func testAMissingLocalPathIsRemoteNotFound() throws {
        let missing = scratch.path("no-such-repo")
        XCTAssertThrowsError(try mirror.listRemote(url: missing)) { error in
            guard case .remoteNotFound(let url, _)? = error as? GitError else { return XCTFail("\(error)") }
            XCTAssertEqual(url, missing)
        }
        XCTAssertThrowsError(try mirror.fetch(url: missing, branches: ["main"], prune: false)) { error in
            guard case .remoteNotFound(let url, _)? = error as? GitError else { return XCTFail("\(error)") }
            XCTAssertEqual(url, missing)
        }
    }

    func testAnUnknownSchemeIsRemoteNotFoundWithTheCredentialsRedacted() throws {
        let url = "gopher://user:hunter2@example.invalid/repo"
        XCTAssertThrowsError(try mirror.listRemote(url: url, credentials: Credentials(token: "hunter2", hosts: [HostPattern("github.com")].compactMap { $0 }))) { error in
            guard case .remoteNotFound(let shown, let message)? = error as? GitError else { return XCTFail("\(error)") }
            XCTAssertEqual(shown, "gopher://***@example.invalid/repo")
            XCTAssertFalse(message.contains("hunter2"), message)
            XCTAssertFalse("\(error)".contains("hunter2"))
        }
    }

    func testFetchBringsExactlyTheSelectedBranches() throws {
        let result = try mirror.fetch(url: remote.path, branches: ["main", "release/8.0"], prune: false)
        XCTAssertEqual(result, FetchResult(branches: ["main": main, "release/8.0": release], missing: [], pruned: []))
        XCTAssertEqual(try mirror.references(), ["refs/heads/main": main, "refs/heads/release/8.0": release])
        XCTAssertEqual(try mirror.commitInfo(release).summary, "Update release/8.0")
    }

    func testFetchNeverCreatesTagsOrPullRequestRefs() throws {
        try mirror.fetch(url: remote.fileURL, branches: ["main", "release/8.0", "feature/x"], prune: false)
        let names = try mirror.references().keys
        XCTAssertEqual(names.filter { $0.hasPrefix("refs/tags/") }, [])
        XCTAssertEqual(names.filter { $0.hasPrefix("refs/pull/") }, [])
        XCTAssertEqual(Set(names), ["refs/heads/main", "refs/heads/release/8.0", "refs/heads/feature/x"])
    }

    func testABranchTheRemoteLacksIsReportedMissing() throws {
        let result = try mirror.fetch(url: remote.path, branches: ["main", "gone"], prune: false)
        XCTAssertEqual(result, FetchResult(branches: ["main": main], missing: ["gone"], pruned: []))
    }

    func testFetchingAgainAfterNewCommitsMovesTheBranch() throws {
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        let next = try remote.commit(texts: ["Dockerfile": "FROM next"])
        let result = try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        XCTAssertEqual(result.branches, ["main": next])
        XCTAssertEqual(try mirror.localBranches(), ["main": next])
        XCTAssertEqual(try mirror.commitInfo(next).parents, [main])
    }

    func testARewrittenRemoteBranchReplacesTheLocalOne() throws {
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        let rewritten = try remote.commit(texts: ["Dockerfile": "FROM rewritten"], parents: [])
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        XCTAssertEqual(try mirror.localBranches(), ["main": rewritten])
    }

    func testPruneDeletesBranchesThatDisappearedOrAreNoLongerTracked() throws {
        try mirror.fetch(url: remote.path, branches: ["main", "release/8.0", "feature/x"], prune: false)
        try remote.repository.deleteBranch("feature/x")
        let result = try mirror.fetch(url: remote.path, branches: ["main", "feature/x"], prune: true)
        XCTAssertEqual(result, FetchResult(branches: ["main": main], missing: ["feature/x"],
                                           pruned: ["feature/x", "release/8.0"]))
        XCTAssertEqual(try mirror.localBranches(), ["main": main])
    }

    func testWithoutPruneOldBranchesStay() throws {
        try mirror.fetch(url: remote.path, branches: ["feature/x"], prune: false)
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        XCTAssertEqual(try mirror.localBranches(), ["main": main, "feature/x": feature])
    }

    func testFetchingNoBranchesWithPruneEmptiesTheMirror() throws {
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        let result = try mirror.fetch(url: remote.path, branches: [], prune: true)
        XCTAssertEqual(result, FetchResult(branches: [:], missing: [], pruned: ["main"]))
        XCTAssertEqual(try mirror.localBranches(), [:])
    }

    func testAnInvalidBranchNameIsRejectedBeforeContactingTheRemote() throws {
        XCTAssertThrowsError(try mirror.fetch(url: scratch.path("nowhere"), branches: ["*"], prune: false)) { error in
            XCTAssertEqual(error as? GitError, .invalidReferenceName("*"))
        }
    }

    func testFetchedHistoryCanBeWalkedAndRead() throws {
        try mirror.fetch(url: remote.path, branches: ["release/8.0"], prune: false)
        let tree = try mirror.commitInfo(try mirror.resolveCommit("release/8.0")).tree
        let entries = try mirror.walkTree(tree) { _ in true }
        XCTAssertEqual(entries.map(\.path), ["Dockerfile"])
        XCTAssertEqual(try mirror.readBlob(entries[0].id, maxSize: 100), .bytes(Array("FROM release".utf8)))
    }

    func testAnEmptyRemoteHasNoBranchesAndNoDefault() throws {
        let empty = try GitFixture(in: scratch, named: "empty.git")
        XCTAssertEqual(try mirror.listRemote(url: empty.path), RemoteHeads(branches: [:], defaultBranch: nil))
        XCTAssertEqual(try mirror.fetch(url: empty.path, branches: ["main"], prune: false),
                       FetchResult(branches: [:], missing: ["main"], pruned: []))
    }

    func testSeveralMirrorsCanBeFetchedFromSeveralThreadsAtOnce() throws {
        let source = remote.path
        let targets = (0..<4).map { scratch.path("parallel-\($0).git") }
        let expected = try XCTUnwrap(main)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            do {
                // Each thread opens its own handle: repositories are never shared across threads.
                let repository = try Repository.initBare(at: targets[index])
                let result = try repository.fetch(url: source, branches: ["main"], prune: true)
                if result.branches != ["main": expected] { failures.add("\(index): \(result)") }
            } catch {
                failures.add("\(index): \(error)")
            }
        }
        XCTAssertEqual(failures.all, [])
    }
}

/// Collects failures reported from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
