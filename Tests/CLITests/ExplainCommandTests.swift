import Foundation
import XCTest

final class ExplainCommandTests: XCTestCase {
    func testExplainPrintsTheNormalizedParseAsJSON() throws {
        let result = try CensusRunner.run(["explain", "ubuntu", "Foo/Bar", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(objects.count, 2)
        XCTAssertEqual(objects[0]["normalized"] as? String, "docker.io/library/ubuntu")
        XCTAssertEqual(objects[0]["registry"] as? String, "docker.io")
        XCTAssertEqual(objects[0]["repository"] as? String, "library/ubuntu")
        XCTAssertEqual(objects[1]["valid"] as? Bool, false)
        XCTAssertEqual(objects[1]["reason"] as? String, "repository name must be lowercase: \"Bar\"")
    }
}
