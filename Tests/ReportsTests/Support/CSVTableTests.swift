import Reports
import XCTest

final class CSVTableTests: XCTestCase {
    func testFieldsAreQuotedOnlyWhenTheyNeedItAndLinesEndInCRLF() {
        let table = CSVTable(headers: ["name", "line", "note"], rows: [
            [.text("plain"), .number(12), .empty],
            [.text("a,b"), .number(3), .text("say \"hi\"")],
            [.text("two\nlines"), .number(-1), .text(" padded ")],
        ])
        XCTAssertEqual(table.render(), "name,line,note\r\nplain,12,\r\n\"a,b\",3,\"say \"\"hi\"\"\"\r\n"
            + "\"two\nlines\",-1,\" padded \"\r\n")
    }

    func testTextThatASpreadsheetWouldRunAsAFormulaIsDefused() {
        let table = CSVTable(headers: ["cell"], rows: [
            [.text("=HYPERLINK(\"http://evil\",\"x\")")], [.text("+1")], [.text("-2+3")], [.text("@SUM(A1)")],
            [.text("\tx")], [.text("safe=1")],
        ])
        XCTAssertEqual(table.render(), "cell\r\n\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\r\n'+1\r\n'-2+3\r\n"
            + "'@SUM(A1)\r\n'\tx\r\nsafe=1\r\n")
    }
}
