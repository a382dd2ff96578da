@testable import Reports
import XCTest

final class TextTableTests: XCTestCase {
    func testWithoutAWrapWidthALongCellIsCutWithAnEllipsis() {
        let table = TextTable(headers: ["A", "B"], rows: [["x", String(repeating: "y", count: 12)]], maxCellWidth: 5)
        XCTAssertEqual(table.render(), "A  B\n-  -----\nx  yyyy…\n")
    }

    func testWithAWrapWidthTheLastColumnWrapsUnderItselfAndNothingIsCut() {
        let message = (1...40).map { "word\($0)" }.joined(separator: " ")
        let table = TextTable(headers: ["WHERE", "MESSAGE"], rows: [["a:1", message], ["b:22", "short"]],
                              maxCellWidth: 5, wrapWidth: 50)
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertTrue(lines.allSatisfy { $0.count <= 50 }, lines.joined(separator: "\n"))
        XCTAssertEqual(lines.first, "WHERE  MESSAGE")
        XCTAssertTrue(lines.dropFirst(3).prefix(while: { $0.hasPrefix("       ") }).count >= 3, "continuation lines are indented")
        XCTAssertEqual(lines.last, "b:22   short")
        let words: [String] = lines.joined(separator: " ").split(separator: " ").map(String.init).filter { $0.hasPrefix("word") }
        XCTAssertEqual(words.joined(separator: " "), message, "every word, in order")
    }

    func testAWordLongerThanTheRoomKeepsALineOfItsOwn() {
        XCTAssertEqual(TextTable.wrap("a \(String(repeating: "z", count: 40)) b", width: 10),
                       ["a", String(repeating: "z", count: 40), "b"])
    }
}
