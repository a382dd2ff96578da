import Extraction
@testable import Migration
import XCTest

final class BranchMigratorTests: XCTestCase {
    private func reference(_ line: Int, _ image: String) -> Reference {
        Reference(path: "D", fact: ReferenceFact(line: line, kind: "dockerfile/from", raw: image, value: .literal(image)),
                  image: image, unresolvedReason: nil)
    }

    func testADifferenceBetweenTheInventoryAndThisScanIsNoted() {
        XCTAssertNil(BranchMigrator.difference(stored: [reference(1, "a:1")], scanned: [reference(1, "a:1")]))
        XCTAssertEqual(BranchMigrator.difference(stored: [reference(1, "a:1")], scanned: [reference(1, "a:1"), reference(2, "b:1")]),
                       "the inventory holds 1 reference for this commit and this census finds 2, some different (a crawl by "
                       + "another census version?); the plan follows this census's scan, and a new crawl aligns the inventory")
    }
}
