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

    func testOwnerHandlesPlainNumbersAndALoneDashAreWrittenAsTheyAre() {
        let table = CSVTable(headers: ["cell"], rows: [
            [.text("@shop/legacy-owners")], [.text("@octocat")], [.text("@my-org/team_2.x")], [.text("@dotnet/ncl @octocat")], [.text("-12")],
            [.text("-1.5")], [.text("-")],
        ])
        XCTAssertEqual(table.render(), "cell\r\n@shop/legacy-owners\r\n@octocat\r\n@my-org/team_2.x\r\n@dotnet/ncl @octocat\r\n-12\r\n-1.5\r\n-\r\n")
    }

    func testTextThatOnlyLooksLikeAHandleOrANumberIsStillDefused() {
        let cells = ["@SUM(1+1)*cmd|' /C calc'!A0", "@org/team/extra", "@org/", "@", "@-x", "@org/team!A1", "@a  @b", "@a =1", "@a ",
                     "-1+1", "-1.", "-.5", "--", "-cmd|' /C calc'!A0", "\nx", "\u{FF20}user"]
        for cell in cells {
            let field = CSVTable(headers: ["c"], rows: [[.text(cell)]]).render().dropFirst("c\r\n".count)
            XCTAssertTrue(field.hasPrefix("'") || field.hasPrefix("\"'"), "\(cell) was written \(field)")
        }
    }
}
