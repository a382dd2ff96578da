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
}
