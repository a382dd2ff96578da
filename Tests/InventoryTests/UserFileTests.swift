import Foundation
import Inventory
import XCTest

final class UserFileTests: XCTestCase {
    func testAFileIsReadWhole() throws {
        let folder = try Fixtures.scratchDirectory(for: self)
        let path = folder.appendingPathComponent("policy.yml").path
        try Data("maxAgeDays: 90\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try UserFile.read(path), Data("maxAgeDays: 90\n".utf8))
    }

    func testWhyAFileCannotBeReadIsSaidInTheUsersWords() throws {
        let folder = try Fixtures.scratchDirectory(for: self)
        XCTAssertThrowsError(try UserFile.read(folder.appendingPathComponent("none.yml").path)) {
            XCTAssertEqual(($0 as? UserFile.Unreadable)?.reason, "no such file")
        }
        XCTAssertThrowsError(try UserFile.read(folder.path)) {
            XCTAssertEqual(($0 as? UserFile.Unreadable)?.reason, "it is a folder, not a file")
        }
    }

    func testADeviceIsReadLikeAnEmptyFile() throws {
        // `--policy /dev/null`: Foundation's `Data(contentsOf:)` refused it with "You don't have permission".
        XCTAssertEqual(try UserFile.read("/dev/null"), Data())
    }
}
