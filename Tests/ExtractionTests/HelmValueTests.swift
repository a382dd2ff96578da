import Foundation
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
        XCTAssertEqual(HelmValue.fromStored(read.storedText), read)
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
            let expected = try JSONSerialization.data(withJSONObject: ["v": value.foundationObject], options: [.sortedKeys])
            XCTAssertEqual(value.storedText, String(decoding: expected, as: UTF8.self))
        }
    }

    func testKeysOfLettersAreOrderedAsFoundationOrdersThem() {
        // Every key of up to 3 letters over a small alphabet of both cases, and real value keys: the
        // letters-only order must be Foundation's for every pair (it is used inside the same sort).
        var keys = [""], last = [""]
        for _ in 0..<3 {
            last = last.flatMap { prefix in ["a", "b", "z", "A", "B", "Z"].map { prefix + $0 } }
            keys += last
        }
        keys += ["image", "imagePullSecrets", "imagepullsecrets", "pullPolicy", "registry", "repository", "tag", "Tag",
                 "tags", "digest", "a1", "a10", "a9", "a_b", "a-b", "é"]
        let locale = NSLocale.system as Locale
        for a in keys {
            for b in keys {
                let foundation = a.compare(b, options: [.numeric, .caseInsensitive, .forcedOrdering],
                                           range: a.startIndex..<a.endIndex, locale: locale) == .orderedAscending
                XCTAssertEqual(HelmValue.sortsBefore(a, b), foundation, "\(a) before \(b)")
            }
        }
    }

    func testStoredTextsReadBackAsJSONSerializationReadsThem() throws {
        // Values of every kind, built from a fixed sequence: the direct reader must give what
        // JSONSerialization gives, and must be the one reading every text in the writer's form.
        let pool = ["", "x", "a/b", "\"q\"", "back\\slash", "\u{1}", "\n\t\r\u{8}\u{c}\u{1f}", "é", "e\u{301}", "😀",
                    "\u{2028}", "mid\u{FEFF}dle", "\u{1}number", "\u{1}yaml11", "\u{1}unknowable", "10", "A", "a"]
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func make(_ depth: Int) -> HelmValue {
            switch next(depth >= 4 ? 7 : 10) {
            case 0: return .null
            case 1: return .bool(next(2) == 0)
            case 2: return .number(["1", "1.10", "-3", "1e3"][next(4)])
            case 3, 4: return .string(pool[next(pool.count)])
            case 5: return .ambiguous(["no", "On", "y"][next(3)])
            case 6: return .unknowable(pool[next(pool.count)])
            case 7: return .list((0..<next(4)).map { _ in make(depth + 1) })
            default:
                var entries: [String: HelmValue] = [:]
                for _ in 0..<next(5) { entries[pool[next(pool.count)]] = make(depth + 1) }
                return .map(entries)
            }
        }
        for _ in 0..<500 {
            let value = make(0)
            let text = value.storedText
            var reader = HelmStoredValueReader(text)
            let direct = reader.read()
            XCTAssertNotNil(direct, text)
            XCTAssertEqual(direct, HelmValue.fromStoredThroughFoundation(text), text)
        }
        // A string starting with U+FEFF, which JSONSerialization drops, and JSON in another form are
        // left to JSONSerialization.
        for text in ["{\"v\":\"\u{FEFF}ab\"}", "{\"v\":{\"\u{FEFF}k\":null}}", "{ \"v\" : [1, true] }", "{\"v\":\"\\ud83d\\ude00\"}"] {
            XCTAssertEqual(HelmValue.fromStored(text), HelmValue.fromStoredThroughFoundation(text), text)
        }
        var feff = HelmStoredValueReader("{\"v\":\"\u{FEFF}ab\"}")
        XCTAssertNil(feff.read())
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

private extension HelmValue {
    /// The value as the Foundation objects census stored through `JSONSerialization` before it wrote
    /// `storedText` directly: the oracle of that writer.
    var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return value
        case .number(let text): return ["\u{1}number": text]
        case .string(let text): return text
        case .list(let items): return items.map(\.foundationObject)
        case .map(let entries): return entries.mapValues(\.foundationObject)
        case .ambiguous(let text): return [Self.ambiguousKey: text]
        case .unknowable(let reason): return ["\u{1}unknowable": reason]
        }
    }
}
