import Foundation
@testable import TestSupport
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

    /// A folder that cannot be deleted when released (a tmpfs mounted in it, which a teardown block
    /// unmounts only after the test's own variables are gone) stays listed, so it goes at exit.
    func testFolderThatCannotGoWhenReleasedStaysListedForTheExit() throws {
        guard getuid() == 0 else { throw XCTSkip("mounting a tmpfs needs root") }
        let live = LiveFolders()
        var scratch: ScratchDirectory? = try ScratchDirectory(prefix: "census-test", listedIn: live)
        let path = try XCTUnwrap(scratch).path
        let disk = try XCTUnwrap(scratch).path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        guard try Self.run("/bin/mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk) == 0 else {
            throw XCTSkip("this machine does not allow mounting a tmpfs")
        }
        scratch = nil
        XCTAssertTrue(FileManager.default.fileExists(atPath: disk), "a mount point cannot be removed")
        XCTAssertEqual(try Self.run("/bin/umount", disk), 0)
        live.removeAll()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    private static func run(_ arguments: String...) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
