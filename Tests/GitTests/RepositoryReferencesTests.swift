import XCTest
import Git
import TestSupport

final class RepositoryReferencesTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "repo.git")
    }

    override func tearDown() {
        fixture = nil
        scratch = nil
    }

    func testLocalBranchesUseShortNamesIncludingSlashes() throws {
        let main = try fixture.commit(texts: ["a": "1"])
        let release = try fixture.commit(texts: ["a": "2"], on: "release/8.0")
        try fixture.tag("v1", at: main)
        try fixture.pullRequest(7, at: release)
        XCTAssertEqual(try fixture.repository.localBranches(), ["main": main, "release/8.0": release])
    }

    func testReferencesListEveryFullName() throws {
        let main = try fixture.commit(texts: ["a": "1"])
        try fixture.tag("v1", at: main)
        try fixture.pullRequest(7, at: main)
        XCTAssertEqual(try fixture.repository.references(),
                       ["refs/heads/main": main, "refs/tags/v1": main, "refs/pull/7/head": main])
    }

    func testDeletingABranchRemovesOnlyThatBranch() throws {
        let main = try fixture.commit(texts: ["a": "1"])
        try fixture.commit(texts: ["a": "2"], on: "feature/x")
        try fixture.repository.deleteBranch("feature/x")
        XCTAssertEqual(try fixture.repository.localBranches(), ["main": main])
    }

    func testMovingABranchWhoseLockFileWasLeftBehindNamesTheLockFile() throws {
        let main = try fixture.commit(texts: ["a": "1"])
        let lockFile = fixture.path + "/refs/heads/main.lock"
        try Data().write(to: URL(fileURLWithPath: lockFile))
        XCTAssertThrowsError(try fixture.repository.setReference("refs/heads/main", to: main)) { error in
            XCTAssertEqual(error as? GitError, .locked(lockFile: lockFile))
            XCTAssertEqual((error as? GitError)?.localDamage, "lock file \(lockFile) left behind")
        }
    }

    func testAGarbledLooseBranchIsSkippedByListingsAndDamageWhenMoved() throws {
        let main = try fixture.commit(texts: ["a": "1"])
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: fixture.path + "/refs/heads/main"))
        XCTAssertEqual(try fixture.repository.localBranches(), [:])
        XCTAssertThrowsError(try fixture.repository.setReference("refs/heads/main", to: main)) { error in
            XCTAssertEqual((error as? GitError)?.localDamage, "an unreadable branch reference")
        }
    }

    func testDeletingAMissingBranchIsNotFound() throws {
        XCTAssertThrowsError(try fixture.repository.deleteBranch("gone")) { error in
            XCTAssertEqual(error as? GitError, .notFound(what: "reference 'refs/heads/gone'"))
        }
    }

    func testInvalidBranchNamesAreRejected() throws {
        for name in ["a..b", "-x", "HEAD", "x y", "refs/heads/main", "a/", "x~1"] {
            XCTAssertThrowsError(try fixture.repository.deleteBranch(name), name) { error in
                XCTAssertEqual(error as? GitError, .invalidReferenceName(name))
            }
        }
    }

    func testSetHeadMovesTheDefaultBranch() throws {
        try fixture.commit(texts: ["a": "1"], on: "develop")
        try fixture.setDefaultBranch("develop")
        XCTAssertEqual(try fixture.repository.headBranch(), "develop")
    }

    func testResolveCommitAcceptsBranchesTagsIdsAndAncestry() throws {
        let first = try fixture.commit(texts: ["a": "1"])
        let second = try fixture.commit(texts: ["a": "2"])
        try fixture.annotatedTag("v2", at: second)
        let repository = fixture.repository
        XCTAssertEqual(try repository.resolveCommit("main"), second)
        XCTAssertEqual(try repository.resolveCommit("refs/heads/main"), second)
        XCTAssertEqual(try repository.resolveCommit("v2"), second)
        XCTAssertEqual(try repository.resolveCommit("main~1"), first)
        XCTAssertEqual(try repository.resolveCommit(first.hex), first)
    }

    func testResolvingAnUnknownRevisionIsNotFound() throws {
        try fixture.commit(texts: ["a": "1"])
        XCTAssertThrowsError(try fixture.repository.resolveCommit("nope")) { error in
            XCTAssertEqual(error as? GitError, .notFound(what: "revision 'nope'"))
        }
    }

    func testResolvingABlobIsTheWrongKind() throws {
        try fixture.commit(texts: ["a": "1"])
        XCTAssertThrowsError(try fixture.repository.resolveCommit("main:a")) { error in
            XCTAssertEqual(error as? GitError, .wrongObjectKind(what: "revision 'main:a'", expected: "commit", actual: "blob"))
        }
    }

    func testAMissingReferenceIsNil() throws {
        XCTAssertNil(try fixture.repository.reference("refs/heads/none"))
    }
}
