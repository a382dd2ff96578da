import XCTest
@testable import Extraction

final class ReferenceRoleTests: XCTestCase {
    /// The kind's last part is found without splitting it, and reads as the split reads it on every form.
    func testTheWhatOfAKindIsTheSplitsLastPart() {
        let kinds = ["", "/", "//", "build", "/build", "script/build", "script//build-tag", "a/b/action-dockerfile",
                     "script/build/", "x/\u{301}build", "x\u{301}/build", "compose/pull", "dockerfile/from"]
        for kind in kinds {
            XCTAssertEqual(ReferenceRole.what(of: kind), kind.split(separator: "/").last.map(String.init) ?? "",
                           kind.debugDescription)
        }
    }

    func testRolesByKind() {
        XCTAssertEqual(ReferenceRole(kind: "dockerfile/syntax"), .frontend)
        XCTAssertEqual(ReferenceRole(kind: "dockerfile/download"), .download)
        XCTAssertEqual(ReferenceRole(kind: "compose/build"), .localBuild)
        XCTAssertEqual(ReferenceRole(kind: "github-actions/action-dockerfile"), .localBuild)
        XCTAssertEqual(ReferenceRole(kind: "script/build/"), .localBuild)
        XCTAssertEqual(ReferenceRole(kind: "dockerfile/from"), .pull)
    }
}
