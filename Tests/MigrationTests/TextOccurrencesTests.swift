@testable import Migration
import XCTest

final class TextOccurrencesTests: XCTestCase {
    private func lines(_ needle: String, in text: String) -> [Int] {
        TextOccurrences.find(Array(needle.utf8), in: Array(text.utf8)).map(\.line)
    }

    func testAnImageIsFoundOnlyAsAWholeToken() {
        let text = "FROM centos:7\nFROM centos:7.9\nFROM centos:7-slim\nFROM quay.io/centos:7\nFROM mycentos:7\n"
            + "FROM centos:7@sha256:abc\nimage: 'centos:7' # centos:7\nq: (Name)Host@centos:7\n"
        XCTAssertEqual(lines("centos:7", in: text), [1, 7, 7, 8])
    }

    func testLinesCountAfterCRLFAndWithoutAFinalNewline() {
        XCTAssertEqual(lines("a:1", in: "x\r\na:1\r\ny a:1"), [2, 3])
        let found = TextOccurrences.find(Array("a:1".utf8), in: Array("x\r\na:1".utf8))
        XCTAssertEqual(found.map(\.range), [3..<6])
    }
}
