import Foundation
import Inventory
import Reports
import XCTest

final class OutreachGoldenTests: XCTestCase {
    func testEveryOwnersListAndTheCSVMatchTheirGoldenFiles() throws {
        let fixture = try ReportFixture.make()
        let run = try fixture.weeklyRun("2026-W05")
        let list = try OutreachList.load(from: fixture.database, run: run,
                                         findings: try ReportFindings.load(from: fixture.database, run: run))
        let files = try list.files()
        XCTAssertEqual(files.map(\.name), list.groups.map { "outreach/\($0.fileName).md" } + ["outreach/outreach.csv"])
        for file in files {
            Golden.assert(file.content, matches: "outreach/2026-W05/\(file.name)")
        }
    }

    func testARunNotJudgedAgainstAPolicyHasNoOutreach() throws {
        let fixture = try ReportFixture.make(judged: false)
        let run = try fixture.weeklyRun("2026-W05")
        XCTAssertThrowsError(try ReportFindings.load(from: fixture.database, run: run)) { error in
            XCTAssertEqual(error as? ReportsError, .notEvaluated(runID: run.runID, week: "2026-W05"))
        }
    }
}
