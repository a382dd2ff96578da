import XCTest
import Git
import TestSupport

final class RepositoryWritingTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var repository: Repository!
    private let date = Date(timeIntervalSince1970: 1_700_000_000)

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        repository = try Repository.initBare(at: scratch.path("repo.git"))
    }

    override func tearDown() {
        repository = nil
        scratch = nil
    }

    func testACommitOnANewBranchIsARootCommitAndMovesTheBranch() throws {
        let id = try repository.commit(files: ["a.txt": .text("1")], on: "topic/one", message: "first", date: date)
        XCTAssertEqual(try repository.commitInfo(id).parents, [])
        XCTAssertEqual(try repository.localBranches(), ["topic/one": id])
    }

    func testTheNextCommitDefaultsToTheBranchTipAsParent() throws {
        let first = try repository.commit(files: ["a": .text("1")], on: "main", message: "1", date: date)
        let second = try repository.commit(files: ["a": .text("2")], on: "main", message: "2", date: date)
        XCTAssertEqual(try repository.commitInfo(second).parents, [first])
        XCTAssertEqual(try repository.resolveCommit("main"), second)
    }

    func testExplicitParentsMakeAMergeCommit() throws {
        let left = try repository.commit(files: ["a": .text("1")], on: "main", message: "l", date: date)
        let right = try repository.commit(files: ["b": .text("1")], on: "side", message: "r", date: date, parents: [])
        let merge = try repository.commit(files: ["a": .text("1"), "b": .text("1")], on: "main", message: "m",
                                          date: date, parents: [left, right])
        XCTAssertEqual(try repository.commitInfo(merge).parents, [left, right])
    }

    func testTheSameFilesGiveTheSameTreeWhateverTheirOrder() throws {
        let a = try repository.commit(files: ["x/1": .text("1"), "x/2": .text("2"), "y": .text("3")],
                                      on: "a", message: "a", date: date)
        let b = try repository.commit(files: ["y": .text("3"), "x/2": .text("2"), "x/1": .text("1")],
                                      on: "b", message: "b", date: date)
        XCTAssertEqual(try repository.commitInfo(a).tree, try repository.commitInfo(b).tree)
    }

    func testPathsThatCannotBeStoredAreRejected() throws {
        let cases: [(String, String)] = [
            ("../escape", "'..' is not a file name"),
            ("a//b", "empty path component"),
            ("/abs", "empty path component"),
            ("x/.git/config", "'.git' is reserved"),
            ("./a", "'.' is not a file name"),
        ]
        for (path, reason) in cases {
            XCTAssertThrowsError(try repository.commit(files: [path: .text("x")], on: "main", message: "m", date: date), path) {
                XCTAssertEqual($0 as? GitError, .invalidPath(path: path, reason: reason))
            }
        }
    }

    func testAPathCannotBeBothAFileAndAFolder() throws {
        XCTAssertThrowsError(try repository.commit(files: ["a": .text("1"), "a/b": .text("2")], on: "main",
                                                   message: "m", date: date)) {
            XCTAssertEqual($0 as? GitError, .invalidPath(path: "a/b", reason: "'a' is also a file"))
        }
    }

    func testAnnotatedTagsPeelToTheirCommit() throws {
        let commit = try repository.commit(files: ["a": .text("1")], on: "main", message: "m", date: date)
        let tag = try repository.createAnnotatedTag("v1.0", target: commit, message: "release", date: date)
        XCTAssertEqual(try repository.references()["refs/tags/v1.0"], tag)
        XCTAssertNotEqual(tag, commit)
        XCTAssertEqual(try repository.resolveCommit("v1.0"), commit)
    }
}
