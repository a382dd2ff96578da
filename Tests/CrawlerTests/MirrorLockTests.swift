import Foundation
import TestSupport
import XCTest
@testable import Crawler

final class MirrorLockTests: XCTestCase {
    func testTheHolderIsReadFromTheNoteItsHolderWrote() {
        let holder = MirrorLock.Holder(parsing: "pid=4242 host=build-7 since=2026-12-05T03:01:14Z\n")
        XCTAssertEqual(holder.description, "process 4242 on host build-7 (holding it since 2026-12-05T03:01:14Z)")
    }

    func testAnEmptyOrForeignNoteNamesAnotherProcess() {
        XCTAssertEqual(MirrorLock.Holder(parsing: "").description, "another process")
        XCTAssertEqual(MirrorLock.Holder(parsing: "locked by someone\n").description, "another process")
    }

    func testTheLockFileNamesThisProcessWhileHeldAndOutlivesTheLock() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("m.lock")
        let lock = try MirrorLock.acquire(at: path, mirror: scratch.path("m"), wait: .zero)
        let note = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(note.hasPrefix("pid=\(getpid()) host=\(MirrorLock.hostName()) since="), note)
        lock.release()
        lock.release()
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        XCTAssertNoThrow(try MirrorLock.acquire(at: path, mirror: scratch.path("m"), wait: .zero))
    }

    func testANewNoteReplacesALongerOneWithoutEmptyingTheFileFirst() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("m.lock")
        let earlier = "pid=1 host=" + String(repeating: "h", count: 300) + " since=2020-01-01T00:00:00Z\n"
        try earlier.write(toFile: path, atomically: false, encoding: .utf8)
        let lock = try MirrorLock.acquire(at: path, mirror: scratch.path("m"), wait: .zero)
        defer { lock.release() }
        let note = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(note.hasPrefix("pid=\(getpid()) host=\(MirrorLock.hostName()) since="), note)
        XCTAssertEqual(note.filter { $0 == "\n" }.count, 1, note)
        XCTAssertTrue(note.hasSuffix("\n"), note)
    }

    func testOnlyTheFirstLineOfTheNoteNamesTheHolder() {
        // What an earlier, longer note leaves after the new one until the file is cut.
        let holder = MirrorLock.Holder(parsing: "pid=2 host=a since=2026-12-05T03:01:14Z\nhhhh since=2020-01-01T00:00:00Z\n")
        XCTAssertEqual(holder.description, "process 2 on host a (holding it since 2026-12-05T03:01:14Z)")
    }

    func testAReleasedHolderLetsAWaiterIn() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("m.lock")
        var first: MirrorLock? = try MirrorLock.acquire(at: path, mirror: "m", wait: .zero)
        XCTAssertThrowsError(try MirrorLock.acquire(at: path, mirror: "m", wait: .zero))
        XCTAssertNotNil(first)
        first = nil
        XCTAssertNoThrow(try MirrorLock.acquire(at: path, mirror: "m", wait: .zero))
    }

    func testALockFileThatCannotBeCreatedIsReported() throws {
        let scratch = try ScratchDirectory()
        XCTAssertThrowsError(try MirrorLock.acquire(at: scratch.path("missing/m.lock"), mirror: "m", wait: .zero)) {
            guard case .mirrorLockFailed(let path, _) = $0 as? CrawlerError else { return XCTFail("\($0)") }
            XCTAssertEqual(path, scratch.path("missing/m.lock"))
        }
    }
}
