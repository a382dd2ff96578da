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

    func testTheStoredTextIsWhatJSONSerializationWrites() throws {
        // Facts stored before keep matching: the direct writer gives JSONSerialization's bytes, its key
        // order (numeric, case-insensitive, control characters ignored) and its escapes included.
        var every = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        every += ["é", "e\u{301}", "ß", "ss", "\u{2028}", "\u{FEFF}", "😀", "日本", "Ａ", "a/b", "10", "9", "a10", "a9",
                  "A", "a", "Ab", "aB", "_x", "~", "\u{1}number", "", "x y"]
        let keys = Dictionary(every.enumerated().map { ($1, HelmValue.string("\($0)" + $1)) }, uniquingKeysWith: { first, _ in first })
        let values: [HelmValue] = [
            .map(keys),
            .list(every.map(HelmValue.string)),
            .map(["n": .number("1.10"), "b": .bool(true), "f": .bool(false), "z": .null, "y": .ambiguous("no"),
                  "u": .unknowable("the release name"), "l": .list([.map([:]), .list([]), .string("")])]),
            .string("\"quoted\" \\ back/slash\n\t\r\u{8}\u{c}\u{0}\u{1f}\u{7f}"),
        ]
        for value in values {
            let expected = try JSONSerialization.data(withJSONObject: ["v": value.stored], options: [.sortedKeys])
            XCTAssertEqual(value.storedText, String(decoding: expected, as: UTF8.self))
        }
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
