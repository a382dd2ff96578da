import XCTest
@testable import Extraction

final class FactCollectorTests: XCTestCase {
    func testTextTooLongForAnImageIsRefusedBeforeItsValueIsWorkedOut() throws {
        let root = try XCTUnwrap(YAMLDocuments.load(text: "name: \(String(repeating: "x", count: 2_000))\n").roots.first)
        let name = try XCTUnwrap(root["name"])
        var collector = FactCollector()
        var evaluated = 0
        collector.add(kind: "test/image", at: name, context: nil) { raw in
            evaluated += 1
            return .literal(raw)
        }
        XCTAssertEqual(evaluated, 0, "expanding the variables of text that is refused anyway is wasted work")
        XCTAssertEqual(collector.facts.references, [])
        XCTAssertEqual(collector.facts.warnings.map(\.message),
                       ["test/image value of 2000 bytes is too long to be an image reference; not recorded"])
    }

    func testTextOfImageLengthIsWorkedOutOnce() throws {
        let root = try XCTUnwrap(YAMLDocuments.load(text: "name: alpine:3.20\n").roots.first)
        var collector = FactCollector()
        var evaluated = 0
        collector.add(kind: "test/image", at: try XCTUnwrap(root["name"]), context: nil) { raw in
            evaluated += 1
            return .literal(raw)
        }
        XCTAssertEqual(evaluated, 1)
        XCTAssertEqual(collector.facts.references.map(\.raw), ["alpine:3.20"])
    }
}
