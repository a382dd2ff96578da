import Extraction
import Foundation
import Inventory
import Policy
@testable import Reports
import XCTest

/// The "Ending soon" section and the outreach deadlines, from a crawl judged with `warnBeforeEolDays: 120`
/// on 2026-01-26: Alpine 3.20 ends 2026-04-01 (65 days), openSUSE Leap 15.6 2026-04-30 (94), Fedora 42
/// 2026-05-13 (107); Amazon Linux 2 (2026-06-30, 155 days) is beyond the window and Ubuntu 18.04 already over.
final class GovernanceEndingSoonTests: XCTestCase {
    static let policy = """
        standard: [mcr.microsoft.com/azurelinux/*]
        warnBeforeEolDays: 120
        """

    /// One judged run of two repositories; returns the fixture and the run.
    func judgedFleet(policy: String = GovernanceEndingSoonTests.policy) throws -> (ReportFixture, WeeklyRun) {
        var fixture = ReportFixture(database: try AppDatabase.inMemory())
        try fixture.repository("acme/api", "https://github.com/acme/api", team: "api", contact: "api@example.com")
        try fixture.repository("acme/jobs", "https://github.com/acme/jobs", team: "jobs")
        try fixture.run(week: "2026-W05", offset: 3, judged: false) { f, run in
            try f.scan(run, "acme/api", "main", "api-1", [
                ReportFixture.reference("Dockerfile", 1, "fedora:42"),
                ReportFixture.reference("tools/Dockerfile", 1, "alpine:3.20"),
                ReportFixture.reference("legacy/Dockerfile", 1, "ubuntu:18.04"),
            ])
            try f.repositoryDone(run, "acme/api")
            try f.scan(run, "acme/jobs", "main", "jobs-1", [
                ReportFixture.reference("Dockerfile", 1, "opensuse/leap:15.6"),
                ReportFixture.reference("worker/Dockerfile", 3, "alpine:3.20"),
                ReportFixture.reference("batch/Dockerfile", 1, "amazonlinux:2"),
            ])
            try f.repositoryDone(run, "acme/jobs")
        }
        let run = try fixture.weeklyRun("2026-W05")
        try FindingsRecorder(policy: try PolicyDocument.decode(policy, file: "policy.yml"), database: fixture.database)
            .evaluateCurrentReferences(runID: run.runID, catalogs: CatalogSnapshot([]), now: run.startedAt)
        return (fixture, run)
    }

    func testEndingSoonListsEveryWarnedImageSoonestFirstWithItsDate() throws {
        let (fixture, run) = try judgedFleet()
        let report = try GovernanceReport.load(from: fixture.database, run: run)
        XCTAssertEqual(report.endingSoon.map { "\($0.endOfLife ?? "?") \($0.daysLeft ?? -1) \($0.image)" }, [
            "2026-04-01 65 docker.io/library/alpine:3.20",
            "2026-04-30 94 docker.io/opensuse/leap:15.6",
            "2026-05-13 107 docker.io/library/fedora:42",
        ])
        let alpine = try XCTUnwrap(report.endingSoon.first)
        XCTAssertEqual(alpine.endsWhat, "Alpine 3.20")
        XCTAssertEqual(alpine.repositories, ["acme/api", "acme/jobs"])
        XCTAssertEqual(alpine.usages, 2)
        XCTAssertEqual(alpine.severity, "warning")
        XCTAssertEqual(alpine.suggestion, "alpine:3.23")
        XCTAssertTrue(alpine.message.contains("reaches end of life on 2026-04-01, in 65 days"), alpine.message)
        XCTAssertFalse(report.endingSoon.contains { $0.image.contains("amazonlinux") }, "beyond the window")
        XCTAssertFalse(report.endingSoon.contains { $0.image.contains("ubuntu") }, "already over: eol-os, not ending soon")
        XCTAssertTrue(report.retiredImages.contains { $0.image == "docker.io/library/ubuntu:18.04" })

        for file in try report.files(formats: [.md, .html, .json]) {
            Golden.assert(file.content, matches: "governance/ending-soon/\(file.name)")
        }
        let markdown = GovernanceMarkdownReporter.render(report)
        let section = try XCTUnwrap(markdown.components(separatedBy: "## Ending soon").dropFirst().first)
        let order = ["alpine:3.20", "leap:15.6", "fedora:42"].map { section.range(of: $0)?.lowerBound }
        XCTAssertEqual(order.compactMap { $0 }.count, 3)
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted(), "soonest first")
    }

    func testWithoutWarnBeforeEolDaysThereIsNoSection() throws {
        let (fixture, run) = try judgedFleet(policy: "standard: [mcr.microsoft.com/azurelinux/*]\n")
        let report = try GovernanceReport.load(from: fixture.database, run: run)
        XCTAssertEqual(report.endingSoon, [])
        XCTAssertFalse(GovernanceMarkdownReporter.render(report).contains("Ending soon"))
        XCTAssertFalse(GovernanceHTMLReporter.render(report).contains("Ending soon"))
    }

    func testOutreachListsCarryTheWarningsWithTheirDeadline() throws {
        let (fixture, run) = try judgedFleet()
        let findings = try ReportFindings.load(from: fixture.database, run: run)
        let list = try OutreachList.load(from: fixture.database, run: run, findings: findings)
        let jobs = try XCTUnwrap(list.groups(for: "jobs").first)
        XCTAssertEqual(jobs.rows.filter { $0.rule == "eol-soon" }.map { "\($0.path):\($0.line) \($0.image)" },
                       ["Dockerfile:1 docker.io/opensuse/leap:15.6", "worker/Dockerfile:3 docker.io/library/alpine:3.20"])
        let markdown = OutreachMarkdownReporter.render(jobs, of: list)
        XCTAssertTrue(markdown.contains("(`eol-soon`), before its end of life on 2026-04-01"), markdown)
        XCTAssertTrue(markdown.contains("**warning** `eol-soon`: 'alpine:3.20' is built on Alpine 3.20, which reaches end of life "
                                        + "on 2026-04-01, in 65 days"), markdown)
        let csv = OutreachCSVReporter.render(list.groups)
        XCTAssertEqual(csv.split(whereSeparator: \.isNewline).filter { $0.contains(",eol-soon,warning,") }.count, 4, csv)
    }

    func testARegistryLifecycleDateEndsSoonWithItsDayFromTheStoredCatalog() throws {
        var fixture = ReportFixture(database: try AppDatabase.inMemory())
        try fixture.repository("acme/api", "https://github.com/acme/api", team: "api")
        try fixture.run(week: "2026-W05", offset: 3, judged: false) { f, run in
            try f.scan(run, "acme/api", "main", "api-1", [ReportFixture.reference("Dockerfile", 1, "registry.example.com/team/base:8.0")])
            try f.repositoryDone(run, "acme/api")
        }
        let run = try fixture.weeklyRun("2026-W05")
        let end = try XCTUnwrap(CalendarDay.parse("2026-03-01"))
        let catalog = Catalog(repository: "registry.example.com/team/base", origin: .registry, source: "registry https://registry.example.com",
                              fetchedAt: run.startedAt, tags: [
            CatalogTag(tag: "8.0", firstSeen: run.startedAt, created: run.startedAt, digest: "sha256:" + String(repeating: "a", count: 64),
                       lifecycle: ImageLifecycle(endOfLife: end, referrer: "sha256:" + String(repeating: "b", count: 64),
                                                 annotation: "2026-03-01", lookup: .api, checkedAt: run.startedAt)),
        ])
        try fixture.database.storeCatalog(catalog.record, at: run.startedAt)
        try FindingsRecorder(policy: try PolicyDocument.decode(Self.policy, file: "policy.yml"), database: fixture.database)
            .evaluateCurrentReferences(runID: run.runID, catalogs: CatalogSnapshot([catalog]), now: run.startedAt)
        let report = try GovernanceReport.load(from: fixture.database, run: run)
        XCTAssertEqual(report.endingSoon.map { "\($0.endOfLife ?? "?") \($0.daysLeft ?? -1) \($0.image)" },
                       ["2026-03-01 \(CalendarDay.days(from: CalendarDay.parse(CalendarDay.format(run.startedAt))!, to: end)) registry.example.com/team/base:8.0"])
        XCTAssertEqual(report.endingSoon.first?.endsWhat, "the image itself (registry lifecycle annotation)")

        let findings = try ReportFindings.load(from: fixture.database, run: run)
        let list = try OutreachList.load(from: fixture.database, run: run, findings: findings)
        XCTAssertEqual(list.registryEndOfLife, ["registry.example.com/team/base:8.0": "2026-03-01"])
        let markdown = OutreachMarkdownReporter.render(try XCTUnwrap(list.groups.first), of: list)
        XCTAssertTrue(markdown.contains("(`eol-soon`), before its end of life on 2026-03-01"), markdown)
    }
}
