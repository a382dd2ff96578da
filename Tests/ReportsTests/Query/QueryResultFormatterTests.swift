import Foundation
import Inventory
import Reports
import XCTest

final class QueryResultFormatterTests: XCTestCase {
    let result = QueryResult(columns: ["image", "branches", "share", "note"], rows: [
        [.text("mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7"), .integer(3), .real(0.5), .null],
        [.text("=cmd|' /C calc'!A0"), .integer(-1), .real(1.25), .text("line\nbreak, \"quoted\"")],
    ])

    func testTablesShowNullAndTheRowCount() {
        XCTAssertEqual(QueryResultFormatter.render(result, as: .table), """
            image                                                 branches  share  note
            ----------------------------------------------------  --------  -----  --------------------
            mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7  3         0.5    NULL
            =cmd|' /C calc'!A0                                    -1        1.25   line break, "quoted"
            2 rows

            """)
    }

    func testCSVQuotesDefusesFormulasAndLeavesNullEmpty() {
        XCTAssertEqual(QueryResultFormatter.render(result, as: .csv),
                       "image,branches,share,note\r\nmcr.microsoft.com/dotnet-buildtools/prereqs:centos-7,3,0.5,\r\n"
                        + "'=cmd|' /C calc'!A0,-1,1.25,\"line\nbreak, \"\"quoted\"\"\"\r\n")
    }

    func testJSONKeepsColumnOrderAndTypes() {
        XCTAssertEqual(QueryResultFormatter.render(result, as: .json), """
            [
              {"image": "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7", "branches": 3, "share": 0.5, "note": null},
              {"image": "=cmd|' /C calc'!A0", "branches": -1, "share": 1.25, "note": "line\\nbreak, \\"quoted\\""}
            ]

            """)
        XCTAssertEqual(QueryResultFormatter.render(QueryResult(columns: ["x"], rows: []), as: .json), "[]\n")
    }

    func testTableCellsCannotSendEscapeSequencesToTheTerminal() {
        let text = QueryResultFormatter.table(QueryResult(columns: ["x"], rows: [[.text("a\u{1B}]0;title\u{07}b")]]))
        XCTAssertEqual(text, "x\n------------\na?]0;title?b\n1 row\n")
    }

    func testTheDocumentedViewsAnswerFromTheFixture() throws {
        let fixture = try ReportFixture.make()
        let result = try fixture.database.readOnlyQuery(sql: """
            SELECT week, run_id, repositories, repositories_failed, branches, branches_failed, reference_count
            FROM weekly_trend ORDER BY week
            """)
        Golden.assert(QueryResultFormatter.render(result, as: .table), matches: "sql/weekly_trend.txt")
        let usage = try fixture.database.readOnlyQuery(sql: """
            SELECT image, repositories, branches, usages FROM image_usage ORDER BY branches DESC, usages DESC, image LIMIT 5
            """)
        Golden.assert(QueryResultFormatter.render(usage, as: .csv), matches: "sql/image_usage.csv")
    }
}
