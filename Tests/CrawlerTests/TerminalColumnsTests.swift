import XCTest
@testable import Crawler

final class TerminalColumnsTests: XCTestCase {
    func testWideCharactersTakeTwoColumnsAndCombiningMarksNone() {
        XCTAssertEqual(TerminalColumns.width("contoso/build"), 13)
        XCTAssertEqual(TerminalColumns.width("構築"), 4)
        XCTAssertEqual(TerminalColumns.width("빌드"), 4)
        XCTAssertEqual(TerminalColumns.width("ｂｕｉｌｄ"), 10, "fullwidth forms")
        XCTAssertEqual(TerminalColumns.width("e\u{301}"), 1, "e with a combining accent is one column")
        XCTAssertEqual(TerminalColumns.width("🚀"), 2)
        XCTAssertEqual(TerminalColumns.width("👩‍💻"), 2, "a joined emoji is one picture")
        XCTAssertEqual(TerminalColumns.width("—…"), 2)
    }

    func testControlCharactersAreShownAsOneQuestionMarkEach() {
        XCTAssertEqual(TerminalColumns.printable("a\u{1B}[2Jb\r\n"), "a?[2Jb?")
        XCTAssertEqual(TerminalColumns.width("a\u{1B}[2Jb\r\n"), TerminalColumns.width("a?[2Jb?"))
    }

    func testShorteningInTheMiddleKeepsTheStartAndTheEnd() {
        let name = "contoso-platform/build-infrastructure-pipelines-00"
        let short = TerminalColumns.shortenedInMiddle(name, toWidth: 21)
        XCTAssertEqual(short, "contoso-pl…pelines-00")
        XCTAssertEqual(TerminalColumns.width(short), 21)
        XCTAssertEqual(TerminalColumns.shortenedInMiddle(name, toWidth: 100), name)
        XCTAssertEqual(TerminalColumns.shortenedInMiddle(name, toWidth: 1), "…")
        XCTAssertEqual(TerminalColumns.shortenedInMiddle(name, toWidth: 0), "")
    }

    func testShorteningNeverSplitsAWideCharacterOverTheLimit() {
        let name = "チーム/ビルド基盤パイプライン"
        for columns in 0...TerminalColumns.width(name) {
            let short = TerminalColumns.shortenedInMiddle(name, toWidth: columns)
            XCTAssertLessThanOrEqual(TerminalColumns.width(short), columns, short)
        }
    }

    func testTheTerminalWidthFallsBackToColumnsThenEighty() {
        // A pipe is no terminal: the width comes from COLUMNS, else the fallback.
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]); close(ends[1]) }
        XCTAssertEqual(TerminalColumns.width(of: ends[1], environment: ["COLUMNS": "132"]), 132)
        XCTAssertEqual(TerminalColumns.width(of: ends[1], environment: ["COLUMNS": "wide"]), 80)
        XCTAssertEqual(TerminalColumns.width(of: ends[1], environment: [:]), 80)
    }
}
