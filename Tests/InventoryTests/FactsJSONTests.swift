import Extraction
import XCTest
@testable import Inventory

final class FactsJSONTests: XCTestCase {
    /// Strings that exercise every escape and the key order: control characters, quotes, slashes,
    /// composed and decomposed accents, characters outside the BMP, case and digits.
    private let texts: [String] = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + [
        "", "a", "A", "b", "B", "Z", "_x", "~", "10", "9", "a10", "a9", "a-b", "x/y", "\"quoted\"", "back\\slash",
        "\u{7f}", "é", "e\u{301}", "e\u{301}x", "ß", "ss", "\u{2028}", "\u{2029}", "\u{FEFF}", "😀", "日本", "Ａ",
        "mcr.microsoft.com/dotnet/sdk:8.0", "{{azure-pipelines/variable:image}}",
    ]

    private func expected(_ facts: FileFacts) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(facts), as: UTF8.self)
    }

    func testEmptyFactsAreWhatJSONEncoderWrites() throws {
        XCTAssertEqual(String(decoding: FactsJSON.encode(.empty), as: UTF8.self), try expected(.empty))
    }

    func testEveryFieldAndEscapeIsWhatJSONEncoderWrites() throws {
        for (index, text) in texts.enumerated() {
            let other = texts[(index * 7 + 3) % texts.count]
            let values: [ImageExpression] = [.literal(text), .unresolved(reason: text), .symbolic(text: text)]
            let facts = FileFacts(
                references: values.enumerated().map { offset, value in
                    ReferenceFact(line: index * 3 + offset - 5, kind: other, context: offset == 0 ? nil : text, raw: text, value: value)
                },
                definitions: [SymbolDefinition(namespace: text, name: other, value: text, line: Int.max - index)],
                includes: [FileInclude(path: text, line: index, parameters: [:])],
                warnings: [ExtractionWarning(line: nil, message: text), ExtractionWarning(line: index, message: other)])
            XCTAssertEqual(String(decoding: FactsJSON.encode(facts), as: UTF8.self), try expected(facts), "text #\(index)")
        }
    }

    func testParametersAreInJSONEncodersKeyOrder() throws {
        var parameters: [String: String] = [:]
        for (index, text) in texts.enumerated() { parameters[text] = texts[(index + 1) % texts.count] }
        let facts = FileFacts(includes: [FileInclude(path: "eng/common/templates/job.yml", line: 4, parameters: parameters),
                                         FileInclude(path: "b.yml", line: 1, parameters: ["only": "one"])])
        XCTAssertEqual(String(decoding: FactsJSON.encode(facts), as: UTF8.self), try expected(facts))
    }

    // MARK: Reading

    private func generatedFacts() -> [FileFacts] {
        var all: [FileFacts] = [.empty]
        for (index, text) in texts.enumerated() {
            let other = texts[(index * 7 + 3) % texts.count]
            let values: [ImageExpression] = [.literal(text), .unresolved(reason: text), .symbolic(text: text)]
            all.append(FileFacts(
                references: values.enumerated().map { offset, value in
                    ReferenceFact(line: index * 3 + offset - 5, kind: other, context: offset == 0 ? nil : text, raw: text, value: value)
                },
                definitions: [SymbolDefinition(namespace: text, name: other, value: text, line: Int.max - index)],
                includes: [FileInclude(path: text, line: index, parameters: index % 2 == 0 ? [:] : Dictionary([(text, other), (other + "x", text)], uniquingKeysWith: { first, _ in first }))],
                warnings: [ExtractionWarning(line: nil, message: text), ExtractionWarning(line: Int.min + 1 + index, message: other)]))
        }
        return all
    }

    func testWrittenFactsReadBackDirectlyAsJSONDecoderReadsThem() throws {
        for facts in generatedFacts() {
            let data = FactsJSON.encode(facts)
            let viaDecoder = try JSONDecoder().decode(FileFacts.self, from: data)
            XCTAssertEqual(FactsJSON.readDirectly(data), viaDecoder, "read without JSONDecoder")
            XCTAssertEqual(FactsJSON.decode(data), viaDecoder)
            XCTAssertEqual(viaDecoder, facts)
        }
    }

    func testFactsInAnotherFormAreLeftToJSONDecoder() throws {
        // Spaces, another key order: read by JSONDecoder, as before; a string starting with U+FEFF is read
        // directly, as JSONDecoder reads it (keeping the character).
        let texts = [
            #"{ "definitions": [], "includes": [], "references": [], "warnings": [{"message": "m", "line": 3}] }"#,
            #"{"warnings":[],"references":[{"kind":"k","line":1,"raw":"r","value":{"literal":{"_0":"x"}}}],"includes":[],"definitions":[]}"#,
            "{\"definitions\":[],\"includes\":[],\"references\":[],\"warnings\":[{\"message\":\"\u{FEFF}m\"}]}",
        ]
        for text in texts {
            let data = Data(text.utf8)
            XCTAssertEqual(FactsJSON.decode(data), try JSONDecoder().decode(FileFacts.self, from: data), text)
        }
        XCTAssertNotNil(FactsJSON.readDirectly(Data(texts[2].utf8)))
        XCTAssertNil(FactsJSON.readDirectly(Data(texts[0].utf8)))
        XCTAssertNil(FactsJSON.decode(Data("{\"definitions\":".utf8)), "what neither can read is a miss")
        // An optional field present in another form (a quoted line, a context without its comma) is not read directly.
        XCTAssertNil(FactsJSON.readDirectly(Data(#"{"definitions":[],"includes":[],"references":[],"warnings":[{"line":"3","message":"m"}]}"#.utf8)))
        XCTAssertNil(FactsJSON.readDirectly(Data(#"{"definitions":[],"includes":[],"references":[{"context":"c""kind":"k","line":1,"raw":"r","value":{"literal":{"_0":"x"}}}],"warnings":[]}"#.utf8)))
    }
}
