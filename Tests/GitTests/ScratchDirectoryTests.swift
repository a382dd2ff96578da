import Foundation
import TestSupport
import XCTest

/// The scratch folders every test builds its repositories in (TestSupport, tested here with the git
/// tests that use them most).
final class ScratchDirectoryTests: XCTestCase {
    func testReleasedFolderIsDeletedWithItsFiles() throws {
        var scratch: ScratchDirectory? = try ScratchDirectory()
        let path = try XCTUnwrap(scratch).path
        try XCTUnwrap(scratch).write("a/b.txt", "x")
        scratch = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    /// XCTest holds each test case object, and the folders in its properties, until the run ends;
    /// the folders still held then are deleted when the process exits.
    func testFolderStillHeldIsDeletedWithTheRemainingOnes() throws {
        let held = try ScratchDirectory()
        try held.write("repo.git/HEAD", "ref: refs/heads/main\n")
        ScratchDirectory.removeRemaining()
        XCTAssertFalse(FileManager.default.fileExists(atPath: held.path))
    }
}
