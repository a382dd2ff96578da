import Foundation
import Inventory
@testable import Reports
import XCTest

/// What the governance page must do beyond its golden files: survive narrow windows, print and mail.
final class GovernanceHTMLReporterTests: XCTestCase {
    func testReferencesAndPathsNeverBreakInsideAWord() throws {
        let html = try Self.page("2026-W05")
        XCTAssertFalse(html.contains("overflow-wrap: anywhere"))
        XCTAssertFalse(html.contains("break-all"))
        XCTAssertTrue(html.contains("<wbr>"))
        // Every break opportunity follows a / : or @, and what lies between them cannot break: parts
        // with a hyphen or other break points are kept whole.
        XCTAssertTrue(html.contains(".rule, .nb { white-space: nowrap; }"))
        let unwrapped = html.replacingOccurrences(of: "</span><wbr>", with: "<wbr>")
        var searchStart = unwrapped.startIndex
        while let found = unwrapped.range(of: "<wbr>", range: searchStart..<unwrapped.endIndex) {
            let before = unwrapped[unwrapped.index(before: found.lowerBound)]
            XCTAssertTrue("/:@".contains(before),
                          "a break after '\(before)' near \(unwrapped[unwrapped.index(found.lowerBound, offsetBy: -30)..<found.upperBound])")
            searchStart = found.upperBound
        }
        XCTAssertTrue(html.contains("<span class=\"nb\">"))
    }

    func testEveryTableScrollsInsideItsCard() throws {
        let html = try Self.page("2026-W05")
        let tables = html.components(separatedBy: "<table").count - 1
        XCTAssertGreaterThan(tables, 3)
        XCTAssertEqual(html.components(separatedBy: "<div class=\"scroll\"><table").count - 1, tables)
        XCTAssertTrue(html.contains(".scroll { overflow-x: auto;"))
    }

    func testTheTopRepositoriesAreOpenTheRestFoldedAndPrintingOpensAll() throws {
        let fixture = try ReportFixture.make()
        var report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05"))
        let first = try XCTUnwrap(report.repositories.first)
        for index in 0..<8 {
            var copy = first
            copy.name = "fleet/extra-\(index)"
            report.repositories.append(copy)
        }
        let html = GovernanceHTMLReporter.render(report)
        let open = GovernanceHTMLReporter.repositoriesOpen
        XCTAssertEqual(html.components(separatedBy: "<details class=\"repo\" open>").count - 1, open)
        XCTAssertEqual(html.components(separatedBy: "<details class=\"repo\">").count - 1, report.repositories.count - open)
        XCTAssertTrue(html.contains("the other \(report.repositories.count - open) open with a click (all are open when printed)"))
        let print = try XCTUnwrap(html.range(of: "@media print")).upperBound
        XCTAssertTrue(html[print...].contains("details.repo::details-content { content-visibility: visible; display: block; }"))
    }

    func testEachUsageShowsEveryFindingsMessageAndItsOwner() throws {
        let fixture = try ReportFixture.make()
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05"))
        let html = GovernanceHTMLReporter.render(report)
        XCTAssertTrue(html.contains("<th>Owner</th>"))
        let findings = report.repositories.flatMap { $0.branches.flatMap(\.findings) }
        // A usage with several findings: each one's message is on the page.
        let grouped = Dictionary(grouping: findings) { "\($0.path):\($0.line):\($0.image)" }
        let several = try XCTUnwrap(grouped.values.first { Set($0.map(\.message)).count > 1 })
        for finding in several {
            XCTAssertTrue(html.contains("<div class=\"message\">\(HTMLText.breakableProse(finding.message))</div>"), finding.message)
        }
        // CODEOWNERS decides where it names someone, the repos.txt team elsewhere.
        let runtime = findings.filter { $0.owner == "@dotnet/runtime-infra" }
        XCTAssertFalse(runtime.isEmpty)
        XCTAssertTrue(html.contains("<span class=\"owner\">@dotnet/<wbr><span class=\"nb\">runtime-infra</span></span>"))
        XCTAssertTrue(findings.contains { $0.owner == "dnceng" })
        XCTAssertTrue(html.contains("<span class=\"owner\">dnceng</span>"))
    }

    func testOneWeekSaysWhenTheTrendStartsAndTwoWeeksDrawIt() throws {
        let first = try Self.page("2026-W02")
        XCTAssertTrue(first.contains(GovernanceHTMLReporter.trendStartsNextWeek))
        XCTAssertFalse(first.contains("aria-label=\"Findings per week\""))
        XCTAssertFalse(first.contains("aria-label=\"Share on standard images\""))
        XCTAssertTrue(first.contains("first week: no change to show"))

        let later = try Self.page("2026-W05")
        XCTAssertFalse(later.contains(GovernanceHTMLReporter.trendStartsNextWeek))
        XCTAssertTrue(later.contains("aria-label=\"Findings per week\""))
        XCTAssertTrue(later.contains("aria-label=\"Share on standard images\""))
    }

    func testHeadlineCardsShowTheChangeSinceLastWeekAndWhetherItIsGood() throws {
        let fixture = try ReportFixture.make()
        let report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05"))
        let findings = try XCTUnwrap(report.headline.findings?.change)
        XCTAssertNotEqual(findings, 0)
        let html = GovernanceHTMLReporter.render(report)
        let card = try XCTUnwrap(html.components(separatedBy: "\n").first { $0.contains("<div class=\"label\">Findings</div>") })
        let tone = findings < 0 ? "better" : "worse"
        XCTAssertTrue(card.contains("<span class=\"delta \(tone)\" title=\"\(tone) than last week\">"
                                    + "\(findings > 0 ? "+" : "")\(findings)</span> <span class=\"muted\">since 2026-W04</span>"), card)
        XCTAssertFalse(html.contains("first week: no change to show"))
    }

    func testLocalRepositoriesPromiseNoLinks() throws {
        let fixture = try ReportFixture.make()
        var report = try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05"))
        // As a fleet of local repositories leaves them: no web link anywhere.
        for r in report.repositories.indices {
            for b in report.repositories[r].branches.indices {
                for f in report.repositories[r].branches[b].findings.indices {
                    report.repositories[r].branches[b].findings[f].link = nil
                }
            }
        }
        let html = GovernanceHTMLReporter.render(report)
        XCTAssertFalse(html.contains("<a "))
        XCTAssertFalse(html.contains("href="))
        XCTAssertFalse(html.lowercased().contains("click to open"))
        XCTAssertFalse(html.contains("opens the file"))
        XCTAssertFalse(html.contains("Links open"))

        // With links, the page says what they do.
        let linked = try Self.page("2026-W05")
        XCTAssertTrue(linked.contains("<a href=\"https://github.com/"))
        XCTAssertTrue(linked.contains("Links open each file at the scanned commit."))
    }

    static func page(_ week: String) throws -> String {
        let fixture = try ReportFixture.make()
        return GovernanceHTMLReporter.render(try GovernanceReport.load(from: fixture.database, run: try fixture.weeklyRun(week)))
    }
}
