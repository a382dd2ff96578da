import Foundation
import Inventory
import Reports
import XCTest

final class GovernanceReportTests: XCTestCase {
    func testTheLatestWeekMatchesItsGoldenFilesInEveryFormat() throws {
        let fixture = try ReportFixture.make()
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05"))
        for file in try report.files(formats: ReportFormat.allCases) {
            Golden.assert(file.content, matches: "governance/2026-W05/\(file.name)")
        }
    }

    func testAWeekWithFailuresMatchesItsGoldenMarkdown() throws {
        let fixture = try ReportFixture.make()
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W04"))
        Golden.assert(GovernanceMarkdownReporter.render(report), matches: "governance/2026-W04/governance.md")
    }

    func testTheFirstWeekHasNoPreviousWeekToCompareWith() throws {
        let fixture = try ReportFixture.make()
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W02"))
        XCTAssertNil(report.previous)
        XCTAssertNil(report.headline.references.previous)
        XCTAssertNil(report.headline.references.change)
        XCTAssertEqual(report.trend.map(\.week), ["2026-W02"])
        for file in try report.files(formats: [.md, .html]) {
            Golden.assert(file.content, matches: "governance/2026-W02/\(file.name)")
        }
    }

    func testHeadlineNumbersCompareWithThePreviousWeeksRun() throws {
        let fixture = try ReportFixture.make()
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W04"))
        XCTAssertEqual(report.previous?.week, "2026-W03")
        XCTAssertEqual(report.headline.repositories, GovernanceReport.Count(5, previous: 5))
        XCTAssertEqual(report.headline.repositoriesFailed, GovernanceReport.Count(1, previous: 0))
        // The failed repository and branch keep their last known references.
        XCTAssertEqual(report.headline.branches, GovernanceReport.Count(6, previous: 6))
        XCTAssertEqual(report.headline.references, GovernanceReport.Count(252, previous: 252))
        XCTAssertEqual(report.failures.map { "\($0.repository) \($0.branch ?? "*")" },
                       ["dnceng/internal-tools *", "dotnet/runtime release/8.0"])
        XCTAssertFalse(report.policyEvaluated)
    }

    func testTheTrendCoversAtMostTwelveWeeksEndingWithTheReportedWeek() throws {
        let fixture = try ReportFixture.make()
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W04"))
        XCTAssertEqual(report.trend.map(\.week), ["2026-W02", "2026-W03", "2026-W04"])
        XCTAssertEqual(report.trend.map(\.references), [249, 252, 252])
        XCTAssertEqual(report.trend.map(\.repositoriesFailed), [0, 0, 1])
    }

    func testAnInventoryWithoutRunsIsAClearError() throws {
        let database = try AppDatabase.inMemory()
        XCTAssertThrowsError(try ReportWeek.resolve(nil, in: database)) { error in
            XCTAssertEqual(error as? ReportsError, .noRuns)
            XCTAssertTrue("\(error)".contains("run `census crawl` first"), "\(error)")
        }
    }

    func testAFinishedRunWithNoRepositoriesStillReports() throws {
        let database = try AppDatabase.inMemory()
        let run = try database.startRun(at: ReportFixture.date(week: 0))
        try database.finishRun(run, at: ReportFixture.date(week: 0, hours: 1), repositoriesTotal: 0, repositoriesFailed: 0,
                               status: .ok)
        let report = try GovernanceReport.load(from: database, run: try ReportWeek.resolve(nil, in: database))
        XCTAssertEqual(report.headline.references.value, 0)
        for file in try report.files(formats: [.md, .html, .json]) {
            Golden.assert(file.content, matches: "governance/empty/\(file.name)")
        }
    }

    func testAnUnknownWeekNamesTheWeeksThatHaveARun() throws {
        let fixture = try ReportFixture.make()
        XCTAssertThrowsError(try ReportWeek.resolve("2026-W20", in: fixture.database)) { error in
            XCTAssertEqual(error as? ReportsError, .noRunInWeek(week: "2026-W20",
                                                                 available: ["2026-W05", "2026-W04", "2026-W03", "2026-W02"]))
        }
        XCTAssertThrowsError(try ReportWeek.resolve("week 5", in: fixture.database)) { error in
            XCTAssertEqual(error as? ReportsError, .invalidWeek("week 5"))
        }
        XCTAssertEqual(try ReportWeek.resolve("2026-w3", in: fixture.database).week, "2026-W03")
    }

    func testRepositoryContentCannotInjectMarkupIntoTheHTMLPage() throws {
        let fixture = try ReportFixture.make()
        let html = GovernanceHTMLReporter.render(
            try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05")))
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertFalse(html.lowercased().contains("<script src"))
        XCTAssertFalse(html.contains("http://") && html.contains("src=\"http"), "no external resources")
        XCTAssertFalse(html.contains("<link "), "styles are inline")
    }
}
