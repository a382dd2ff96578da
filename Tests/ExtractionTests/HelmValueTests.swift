import XCTest
@testable import Extraction

final class HelmValueTests: XCTestCase {
    func value(_ yaml: String) -> HelmValue? {
        var nodes = 0
        return YAMLDocuments.load(text: yaml).roots.first.flatMap { HelmValue.from($0.node, nodes: &nodes) }
    }

    func testValuesAreReadAsHelmReadsThemAndSurviveTheStoredForm() throws {
        let read = try XCTUnwrap(value("a: 1.10\nb: \"1.10\"\nc: null\nd: [x, true]\ne: no\nf: {}\n"))
        XCTAssertEqual(read.fieldOrNull("a"), .number("1.10"))
        XCTAssertEqual(read.fieldOrNull("b"), .string("1.10"))
        XCTAssertEqual(read.fieldOrNull("c"), .null)
        XCTAssertEqual(read.fieldOrNull("d"), .list([.string("x"), .bool(true)]))
        XCTAssertEqual(read.fieldOrNull("e"), .ambiguous("no"))
        XCTAssertEqual(HelmValue.fromStored(try XCTUnwrap(read.storedText)), read)
    }

    func testOnlyNumbersHelmPrintsAsWrittenBecomeText() {
        XCTAssertEqual(try HelmValue.number("42").text, "42")
        XCTAssertThrowsError(try HelmValue.number("1.10").text)
        XCTAssertThrowsError(try HelmValue.number("1000000").text)
        XCTAssertThrowsError(try HelmValue.number("007").text)
    }

    func testAParentsValuesMergeOverASubchartsAsHelmMergesThem() throws {
        let own = try XCTUnwrap(value("image:\n  repository: acme/cache\n  tag: \"1\"\n  digest: sha256:x\n"))
        let parent = try XCTUnwrap(value("image:\n  tag: \"2\"\n  digest: null\n"))
        XCTAssertEqual(HelmValue.merged(parent, over: own),
                       value("image:\n  repository: acme/cache\n  tag: \"2\"\n"))
        XCTAssertEqual(HelmValue.merged(.null, over: own), own)
    }

    func testAValuesFileTooDeepToReadIsNotRenderedWith() {
        let deep = (0..<70).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
        XCTAssertNil(value(deep))
        let facts = facts("chart/values.yaml", deep)
        XCTAssertTrue(facts.definitions.contains { $0.namespace == HelmValuesExtractor.unreadableNamespace })
    }
}
