import XCTest
@testable import Extraction

final class YAMLDocumentsTests: XCTestCase {
    func testMarksAreOneBasedFileLines() throws {
        let loaded = YAMLDocuments.load(text: "# comment\nname: x\nimage: alpine:3.20\n")
        let root = try XCTUnwrap(loaded.roots.first)
        XCTAssertEqual(root["image"]?.line, 3)
        XCTAssertEqual(root["image"]?.string, "alpine:3.20")
        XCTAssertEqual(loaded.documents.first?.mapping?.first?.key.mark?.line, 2)
        XCTAssertTrue(loaded.warnings.isEmpty)
    }

    func testEveryDocumentOfAMultiDocumentFileIsRead() {
        let text = "a: 1\n---\nb: 2\n---\nc: 3\n"
        let loaded = YAMLDocuments.load(text: text)
        XCTAssertEqual(loaded.roots.map { $0.keys }, [["a"], ["b"], ["c"]])
        XCTAssertEqual(loaded.roots.map { $0.entries.first?.value.line }, [1, 3, 5])
    }

    func testMalformedDocumentWarnsWithItsLineAndLaterDocumentsAreStillRead() {
        let text = """
        image: first:1
        ---
        image: [unclosed
        other: x
        ---
        image: third:3
        """
        let loaded = YAMLDocuments.load(text: text)
        XCTAssertEqual(loaded.roots.compactMap { $0["image"]?.string }, ["first:1", "third:3"])
        XCTAssertEqual(loaded.roots.last?["image"]?.line, 6)
        XCTAssertEqual(loaded.warnings.count, 1)
        XCTAssertEqual(loaded.warnings.first?.line, 4)
        XCTAssertTrue(loaded.warnings.first?.message.hasPrefix("not valid YAML") ?? false)
        XCTAssertEqual(loaded.unparsedLines, [2...4])
    }

    func testMalformedSingleDocumentLeavesWholeFileForLineBasedReading() {
        let text = "spec:\n  image: {{ .Values.image }}\n  bad: [\n"
        let loaded = YAMLDocuments.load(text: text)
        XCTAssertTrue(loaded.documents.isEmpty)
        XCTAssertEqual(loaded.unparsedLines, [1...3])
        XCTAssertNotNil(loaded.warnings.first?.line)
    }

    func testDuplicateKeysAreAWarningNotACrash() {
        let loaded = YAMLDocuments.load(text: "a: 1\na: 2\n---\nb: 3\n")
        XCTAssertEqual(loaded.roots.map(\.keys), [["b"]])
        XCTAssertEqual(loaded.warnings.first?.line, 1)
        XCTAssertTrue(loaded.warnings.first?.message.contains("duplicate key a") ?? false)
    }

    func testRepeatedMergeKeysInOneMappingAreReadAsMerges() {
        let text = "a: &a {x: 1}\nb: &b {y: 2}\nitems:\n  - <<: *a\n    <<: *b\n    z: 3\nc:\n  <<: *a\n  <<  : *b\n"
        let loaded = YAMLDocuments.load(text: text)
        XCTAssertEqual(loaded.warnings, [])
        let root = loaded.roots.first
        XCTAssertEqual(root?["items"]?.items.first?.keys, ["z", "x", "y"])
        XCTAssertEqual(root?["c"]?.keys, ["x", "y"])
        XCTAssertEqual(root?["c"]?["y"]?.line, 9)
    }

    func testMergeKeysAreTaggedWithoutMovingLinesAndOtherTextStays() {
        let text = "job:\n  <<: *a\n  - <<: *b\n  script: cat <<: x\n  key: \"<<: not a key\"\n"
        XCTAssertEqual(YAMLDocuments.taggingMergeKeys(text),
                       "job:\n  !merge1 <<: *a\n  - !merge2 <<: *b\n  script: cat <<: x\n  key: \"<<: not a key\"\n")
    }

    func testBillionLaughsWalkStopsAtTheBudgetWithAWarning() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let loaded = YAMLDocuments.load(text: text)
        XCTAssertTrue(loaded.warnings.isEmpty)
        var visited = 0
        loaded.roots.first?.walk { _, _ in visited += 1; return .descend }
        XCTAssertLessThan(visited, YAMLTraversal.baseBudget + text.utf8.count + 100)
        XCTAssertTrue(loaded.traversal.exhaustionWarning?.message.contains("alias bomb") ?? false)
    }

    func testAliasedMappingKeysInABillionLaughsFileAreRefusedBeforeParsing() {
        var text = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        text += "? *i\n: boom\n"
        let loaded = YAMLDocuments.load(text: text)
        XCTAssertTrue(loaded.documents.isEmpty)
        XCTAssertEqual(loaded.warnings.first?.line, 10)
        XCTAssertTrue(loaded.warnings.first?.message.contains("billion laughs") ?? false)
    }

    func testNestingBeyondTheParserLimitIsAWarning() {
        let text = "x: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let loaded = YAMLDocuments.load(text: text)
        XCTAssertTrue(loaded.documents.isEmpty)
        XCTAssertEqual(loaded.warnings.first?.line, 1)
    }

    func testNestingDeeperThanConfigurationEverNeedsIsRefusedWithAWarning() {
        let text = "a: 1\nx: " + String(repeating: "[", count: 900) + "deep" + String(repeating: "]", count: 900) + "\n"
        let loaded = YAMLDocuments.load(text: text)
        XCTAssertTrue(loaded.documents.isEmpty)
        XCTAssertEqual(loaded.warnings.first?.line, 2)
        XCTAssertEqual(loaded.warnings.first?.message, "not read as YAML: nesting deeper than 128 levels")
        XCTAssertEqual(loaded.unparsedLines, [1...2])
    }

    func testDeepButAcceptedNestingStopsTheWalkWithAWarning() {
        let text = "x: " + String(repeating: "[", count: 110) + "deep" + String(repeating: "]", count: 110) + "\n"
        let loaded = YAMLDocuments.load(text: text)
        XCTAssertEqual(loaded.documents.count, 1)
        var sawDeep = false
        loaded.roots.first?.walk { cursor, _ in
            if cursor.string == "deep" { sawDeep = true }
            return .descend
        }
        XCTAssertFalse(sawDeep)
        XCTAssertTrue(loaded.traversal.exhaustionWarning?.message.contains("nesting deeper than 100") ?? false)
    }

    func testControlCharactersAreAReaderWarningWithTheirLine() {
        let loaded = YAMLDocuments.load(text: "a: 1\nb: 2\nc: x\u{1}y\n")
        XCTAssertTrue(loaded.documents.isEmpty)
        XCTAssertEqual(loaded.warnings.first?.line, 3)
    }

    func testVeryLongLinesAreRead() {
        let long = String(repeating: "x", count: 200_000)
        let loaded = YAMLDocuments.load(text: "note: \(long)\nimage: alpine\n")
        XCTAssertEqual(loaded.roots.first?["image"]?.line, 2)
    }
}
