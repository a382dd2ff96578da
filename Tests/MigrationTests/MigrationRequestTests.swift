import Migration
import Policy
import XCTest

final class MigrationRequestTests: XCTestCase {
    func testTheBranchNameIsSafeForAReference() throws {
        XCTAssertEqual(MigrationRequest.defaultName(for: "mcr.microsoft.com/azurelinux/base/core:3.0"), "core-3.0")
        XCTAssertEqual(MigrationRequest.refComponent("..a b~c.lock"), "a-b-c.lock-")
        XCTAssertEqual(MigrationRequest.refComponent(""), "migration")
        let request = MigrationRequest(selection: .image(from: try Glob("*"), to: "x:1"), name: "azure linux")
        XCTAssertEqual(request.reference(for: "release/8.0"), "refs/heads/census/migrate/azure-linux/release/8.0")
    }
}
