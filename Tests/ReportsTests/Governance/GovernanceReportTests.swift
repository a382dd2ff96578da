import Foundation
import Inventory
@testable import Reports
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
        // dnceng/internal-tools failed whole, dotnet/runtime in part (release/8.0).
        XCTAssertEqual(report.headline.repositoriesFailed, GovernanceReport.Count(2, previous: 0))
        // The failed repository and branch keep their last known references.
        XCTAssertEqual(report.headline.branches, GovernanceReport.Count(6, previous: 6))
        XCTAssertEqual(report.headline.references, GovernanceReport.Count(132, previous: 132))
        XCTAssertEqual(report.failures.map { "\($0.repository) \($0.branch ?? "*")" },
                       ["dnceng/internal-tools *", "dotnet/runtime release/8.0"])
        XCTAssertTrue(report.policyEvaluated)
    }

    func testARunNotJudgedAgainstAPolicyReportsUsagesOnly() throws {
        let fixture = try ReportFixture.make(judged: false)
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05"))
        XCTAssertFalse(report.policyEvaluated)
        XCTAssertNil(report.headline.findings)
        XCTAssertNil(report.headline.standardShare.value)
        XCTAssertEqual(report.findingsByRule, [])
        for file in try report.files(formats: [.md, .html]) {
            Golden.assert(file.content, matches: "governance/unjudged/\(file.name)")
        }
    }

    func testFindingsAndTheStandardShareComeFromThePolicyEvaluationOfEachWeek() throws {
        let fixture = try ReportFixture.make()
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05"))
        XCTAssertEqual(report.headline.findings, GovernanceReport.Count(261, previous: 262))
        XCTAssertEqual(report.headline.findingsBySeverity?["error"], GovernanceReport.Count(251, previous: 252))
        // 130 valid usages; 120 legacy ubuntu bases, alpine, the CentOS 7 base and three non-standard images are not standard.
        XCTAssertEqual(report.headline.standardShare.value ?? 0, 5.0 / 130.0, accuracy: 1e-9)
        XCTAssertEqual(report.findingsByRule.first?.rule, "eol-os")
        // Each list holds only images with a finding of its own rules.
        XCTAssertEqual(report.nonStandardImages.map(\.image),
                       ["docker.io/library/postgres:latest", "docker.io/library/redis", "ghcr.io/acme/tool:1.0"])
        XCTAssertEqual(Set(report.nonStandardImages.flatMap(\.rules)), ["non-standard-image"])
        XCTAssertEqual(report.unapprovedBaseImages.first?.image, "docker.io/library/ubuntu:14.04")
        XCTAssertEqual(Set(report.unapprovedBaseImages.flatMap(\.rules)), ["unapproved-base-image"])
        XCTAssertEqual(report.outdatedImages.map(\.image), [ReportFixture.centos])
        XCTAssertEqual(report.outdatedImages.first?.rules, ["outdated-tag"])
        XCTAssertEqual(report.outdatedImages.first?.suggestion, ReportFixture.azurelinux)
        XCTAssertEqual(report.retiredImages.first?.image, ReportFixture.centos)
        XCTAssertEqual(report.retiredImages.first?.rules, ["removed-tag", "deprecated-image", "eol-os"])
        XCTAssertEqual(report.repositories.map(\.name).first, ReportFixture.tools, "most errors first")
        XCTAssertEqual(report.trend.map { $0.findings ?? -1 }, [263, 262, 262, 261])
    }

    func testTheTrendCoversAtMostTwelveWeeksEndingWithTheReportedWeek() throws {
        let fixture = try ReportFixture.make()
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W04"))
        XCTAssertEqual(report.trend.map(\.week), ["2026-W02", "2026-W03", "2026-W04"])
        XCTAssertEqual(report.trend.map(\.references), [129, 132, 132])
        XCTAssertEqual(report.trend.map(\.repositoriesFailed), [0, 0, 2])
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

    func testBranchTablesListUsagesWithErrorsFirstAndSayWhatTheCutHides() {
        func finding(_ path: String, _ line: Int, _ rule: String, _ severity: String) -> GovernanceReport.LinkedFinding {
            GovernanceReport.LinkedFinding(path: path, line: line, link: nil, image: "img:\(line)", rule: rule,
                                           severity: severity, message: "m", suggestion: nil)
        }
        // By path, as stored: notes and warnings come before the error.
        let branch = GovernanceReport.BranchSection(name: "main", commitID: nil, stale: false, findings: [
            finding("a/Dockerfile", 1, "mutable-tag", "warning"),
            finding("a/ci.yml", 2, "unresolved-reference", "note"),
            finding("b/Dockerfile", 3, "mutable-tag", "warning"),
            finding("b/Dockerfile", 3, "eol-os", "error"),
            finding("c/ci.yml", 4, "unresolved-reference", "note"),
            finding("z/Dockerfile", 5, "unapproved-base-image", "error"),
        ])
        let usages = GovernanceText.usages(branch)
        XCTAssertEqual(usages.map(\.line), [3, 5, 1, 2, 4])
        XCTAssertEqual(GovernanceText.hidden(usages.dropFirst(1)),
                       "4 more usages with findings on this branch (1 with an error, 1 with a warning, 2 with notes)")
    }
}
