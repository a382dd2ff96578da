import XCTest
import Git
import TestSupport

final class RepositoryTests: XCTestCase {
    func testABareRepositoryOpensAtItsOwnPath() throws {
        let scratch = try ScratchDirectory()
        let created = try Repository.initBare(at: scratch.path("nested/dir/mirror.git"))
        XCTAssertTrue(created.isBare)
        XCTAssertNil(created.workDirectory)
        XCTAssertEqual(created.path, scratch.path("nested/dir/mirror.git"))

        let opened = try Repository.open(at: scratch.path("nested/dir/mirror.git"))
        XCTAssertTrue(opened.isBare)
        XCTAssertEqual(opened.path, created.path)
    }

    func testAWorkTreeRepositoryOpensFromItsFolderAndReportsItsGitDirectory() throws {
        let scratch = try ScratchDirectory()
        _ = try Repository.initWorkTree(at: scratch.path("work"))
        let opened = try Repository.open(at: scratch.path("work"))
        XCTAssertFalse(opened.isBare)
        XCTAssertEqual(opened.workDirectory, scratch.path("work"))
        XCTAssertEqual(opened.path, scratch.path("work/.git"))
    }

    func testNewRepositoriesHaveHeadOnMain() throws {
        let scratch = try ScratchDirectory()
        XCTAssertEqual(try Repository.initBare(at: scratch.path("a.git")).headBranch(), "main")
        XCTAssertEqual(try Repository.initWorkTree(at: scratch.path("b")).headBranch(), "main")
    }

    func testOpeningAMissingFolderIsRepositoryNotFound() throws {
        let scratch = try ScratchDirectory()
        let missing = scratch.path("nothing-here")
        XCTAssertThrowsError(try Repository.open(at: missing)) { error in
            XCTAssertEqual(error as? GitError, .repositoryNotFound(path: missing))
        }
    }

    func testAPlainFolderInsideARepositoryDoesNotOpenTheOuterRepository() throws {
        let scratch = try ScratchDirectory()
        _ = try Repository.initWorkTree(at: scratch.path("outer"))
        let inner = scratch.path("outer/cache/mirror")
        try FileManager.default.createDirectory(atPath: inner, withIntermediateDirectories: true)
        XCTAssertThrowsError(try Repository.open(at: inner)) { error in
            XCTAssertEqual(error as? GitError, .repositoryNotFound(path: inner))
        }
    }

    func testVerifyAcceptsAHealthyRepository() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "ok.git")
        try fixture.commit(texts: ["a": "1"])
        XCTAssertNoThrow(try Repository.open(at: fixture.path).verify())
    }

    func testVerifyReportsAGarbledHeadAsCorrupt() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "bad.git")
        try fixture.commit(texts: ["a": "1"])
        try scratch.write("bad.git/HEAD", "this is not a reference\n")
        XCTAssertThrowsError(try Repository.open(at: fixture.path).verify()) { error in
            guard case .corrupt(let path, _)? = error as? GitError else {
                return XCTFail("expected corrupt, got \(error)")
            }
            XCTAssertEqual(path, fixture.path)
        }
    }
}
