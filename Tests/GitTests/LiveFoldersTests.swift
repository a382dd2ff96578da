import Foundation
@testable import TestSupport
import XCTest

/// The list behind `ScratchDirectory`'s exit hook (TestSupport, tested with the git tests).
final class LiveFoldersTests: XCTestCase {
    /// XCTest holds each test case object, and the folders in its properties, until the run ends;
    /// the folders still listed then are deleted when the process exits (`removeAll`, on a list of
    /// this test's own here, so that no other test's folder goes).
    func testFoldersStillListedAreDeletedAndReleasedOnesLeftAlone() throws {
        let base = NSTemporaryDirectory() + "census-live-\(UUID().uuidString)"
        let held = base + "/held", released = base + "/released"
        for path in [held, released] {
            try FileManager.default.createDirectory(atPath: path + "/repo.git", withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(atPath: base) }
        let folders = LiveFolders()
        folders.insert(held)
        folders.insert(released)
        folders.remove(released)
        folders.removeAll()
        XCTAssertFalse(FileManager.default.fileExists(atPath: held))
        XCTAssertTrue(FileManager.default.fileExists(atPath: released))
    }
}
