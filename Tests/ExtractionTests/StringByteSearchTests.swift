import Foundation
import XCTest
@testable import Extraction

final class StringByteSearchTests: XCTestCase {
    func testFindsWordsAtEveryPlaceAndNothingElse() {
        XCTAssertTrue("curl -fsSL x".containsBytes(of: "curl"))
        XCTAssertTrue("x | sha256sum".containsBytes(of: "sum"))
        XCTAssertTrue("aaab".containsBytes(of: "aab"), "after a partial match the search starts again one byte on")
        XCTAssertTrue("marathon".containsBytes(of: "marathon"))
        XCTAssertTrue("anything".containsBytes(of: ""))
        XCTAssertFalse("mara thon".containsBytes(of: "marathon"))
        XCTAssertFalse("cur".containsBytes(of: "curl"))
        XCTAssertFalse("".containsBytes(of: "a"))
        XCTAssertTrue("é→curl".containsBytes(of: "curl"), "bytes after multi-byte characters")
        XCTAssertTrue("a@b".containsByte(UInt8(ascii: "@")))
        XCTAssertTrue("é\\".containsByte(UInt8(ascii: "\\")))
        XCTAssertFalse("".containsByte(UInt8(ascii: "@")))
        XCTAssertFalse("ab".containsByte(UInt8(ascii: "@")))
    }

    func testAgreesWithAPlainSearchOnEveryShortText() {
        // Every text of up to 5 characters and every word of up to 3 over an alphabet with a multi-byte one.
        func strings(upTo length: Int) -> [String] {
            var all = [""], last = [""]
            for _ in 0..<length {
                last = last.flatMap { prefix in ["a", "b", "é"].map { prefix + $0 } }
                all += last
            }
            return all
        }
        let words = strings(upTo: 3).filter { !$0.isEmpty }
        for text in strings(upTo: 5) {
            let bytes = Array(text.utf8)
            for word in words {
                let expected = bytes.indices.contains { bytes[$0...].starts(with: word.utf8) }
                XCTAssertEqual(text.containsBytes(of: word), expected, "\(text) / \(word)")
            }
        }
    }

    func testRangesAreWhereThePlainSearchFindsTheWordInStringsAndSubstrings() {
        let text = "é ${{ each x in parameters.jobs }} ${{ y }}"
        let range = try? XCTUnwrap(text.rangeOfBytes("${{"))
        XCTAssertEqual(range.map { text[$0] }, "${{")
        XCTAssertEqual(range.map { text[..<$0.lowerBound] }, "é ")
        let rest = text[text.index(after: range!.upperBound)...]
        XCTAssertEqual(rest.rangeOfBytes("}}").map { String(rest[..<$0.lowerBound]) }, "each x in parameters.jobs ")
        let after = rest[rest.rangeOfBytes("}}")!.upperBound...]
        XCTAssertEqual(after.rangeOfBytes("${{").map { after.distance(from: after.startIndex, to: $0.lowerBound) }, 1)
        XCTAssertTrue(after.containsBytes(of: "y }}"))
        XCTAssertFalse(after.containsBytes(of: "each"), "a substring is searched within its bounds")
        XCTAssertNil(text.rangeOfBytes("${{ z"))
        XCTAssertEqual(text.rangeOfBytes(""), text.startIndex..<text.startIndex)
        XCTAssertTrue(after.containsByte(UInt8(ascii: "y")))
        XCTAssertFalse(after.containsByte(UInt8(ascii: "x")))
    }

    func testTheRangeAgreesWithFoundationOnASCIIWordsInEveryShortText() {
        // Every text of up to 4 characters over an alphabet with multi-byte characters, every word.
        let alphabet = ["a", "$", "{", "}", " ", "é", "→", "@"]
        var texts = [""], last = [""]
        for _ in 0..<4 {
            last = last.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += last
        }
        let words = ["${{", "}}", "a", "a$", "@", "{a", " {", "}}}"]
        for text in texts {
            for word in words {
                XCTAssertEqual(text.rangeOfBytes(word), text.range(of: word), "\(text) / \(word)")
            }
        }
    }

    func testTrimmingAgreesWithFoundationsCharacterSetsOnEveryScalar() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            XCTAssertEqual(String.isWhitespace(scalar), CharacterSet.whitespaces.contains(scalar), "U+\(String(value, radix: 16))")
            XCTAssertEqual(String.isWhitespaceOrNewline(scalar), CharacterSet.whitespacesAndNewlines.contains(scalar),
                           "U+\(String(value, radix: 16))")
        }
        for text in ["", " ", " \t a b \u{00A0}", "\n\r x\u{2028}", "\u{3000}é\u{3000}", "a", " \u{301}"] {
            XCTAssertEqual(text.trimmingWhitespace(), text.trimmingCharacters(in: .whitespaces), text.debugDescription)
            XCTAssertEqual(text.trimmingWhitespaceAndNewlines(), text.trimmingCharacters(in: .whitespacesAndNewlines),
                           text.debugDescription)
            let inner = text.dropFirst()
            XCTAssertEqual(inner.trimmingWhitespace(), inner.trimmingCharacters(in: .whitespaces), inner.debugDescription)
        }
    }
}
