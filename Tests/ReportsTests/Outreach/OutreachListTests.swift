import Foundation
import Inventory
import Reports
import XCTest

final class OutreachListTests: XCTestCase {
    func finding(_ repository: String, _ branch: String, _ commit: String, _ path: String, _ line: Int,
                 rule: String = "deprecated-image", severity: String = "error", suggestion: String? = ReportFixture.azurelinux,
                 team: String? = nil) -> ReportFinding {
        ReportFinding(repository: repository, team: team, branch: branch, commitID: ReportFixture.commit(commit), path: path,
                      line: line, image: ReportFixture.centos, rule: rule, severity: severity,
                      message: "CentOS 7 is end of life", suggestion: suggestion)
    }

    func testOwnersComeFromTheBranchsCodeownersElseTheTeamElseNobody() throws {
        let fixture = try ReportFixture.make()
        let list = try OutreachList.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05"), findings: [
            finding(ReportFixture.runtime, "main", "rt-main-2", "eng/docker/Dockerfile", 2),
            finding(ReportFixture.runtime, "main", "rt-main-2", "eng/pipelines/ci.yml", 12),
            finding(ReportFixture.runtime, "release/8.0", "rt-rel-1", "eng/docker/Dockerfile", 1),
            finding(ReportFixture.local, "main", "local-2", "Dockerfile", 1, rule: "outdated-tag", severity: "warning"),
        ])
        XCTAssertEqual(list.groups.map { "\($0.owner) [\($0.source.rawValue)] \($0.fileName) \($0.rows.count)" }, [
            "@dotnet/docker-team [codeowners] dotnet-docker-team 1",
            "@dotnet/runtime-infra [codeowners] dotnet-runtime-infra 1",
            "runtime [team] runtime 1",
            "unowned [none] unowned 1",
        ])
        XCTAssertEqual(list.groups[0].rows.first?.codeownersRule, ".github/CODEOWNERS:2")
        XCTAssertEqual(list.groups[2].contacts, ["runtime@example.com"], "release/8.0 has no CODEOWNERS: the team owns it")
        XCTAssertEqual(list.groups[0].rows.first?.link,
                       "https://github.com/dotnet/runtime/blob/\(ReportFixture.commit("rt-main-2"))/eng/docker/Dockerfile#L2")
        XCTAssertNil(list.groups[3].rows.first?.link, "a local repository gets the plain path")
    }

    func testOneTeamsListIsFoundByNameOrHandle() throws {
        let fixture = try ReportFixture.make()
        let list = try OutreachList.load(from: fixture.database, run: try fixture.weeklyRun("2026-W05"), findings: [
            finding(ReportFixture.runtime, "main", "rt-main-2", "eng/docker/Dockerfile", 2),
            finding(ReportFixture.runtime, "release/8.0", "rt-rel-1", "eng/docker/Dockerfile", 1),
        ])
        XCTAssertEqual(list.groups(for: "dotnet/docker-team").map(\.owner), ["@dotnet/docker-team"])
        XCTAssertEqual(list.groups(for: "@DOTNET/DOCKER-TEAM").map(\.owner), ["@dotnet/docker-team"])
        XCTAssertEqual(list.groups(for: "runtime").map(\.owner), ["runtime"])
        XCTAssertEqual(try list.files(team: "runtime").map(\.name), ["outreach/runtime.md", "outreach/runtime.csv"])
        XCTAssertThrowsError(try list.files(team: "nobody")) { error in
            XCTAssertEqual(error as? ReportsError, .unknownOwner("nobody", known: ["@dotnet/docker-team", "runtime"]))
        }
    }

    func testOwnerFileNamesAreSafeAndUnique() throws {
        let run = WeeklyRun(week: "2026-W05", runID: 5, startedAt: ReportFixture.date(week: 3), status: .ok)
        let list = OutreachList(run: run, findings: [
            finding("a", "main", "c1", "x", 1, team: "../../etc"),
            finding("b", "main", "c2", "x", 1, team: "etc"),
            finding("c", "main", "c3", "x", 1, team: "outreach"),
        ], repositories: []) { _, _ in [] }
        XCTAssertEqual(list.groups.map(\.fileName), ["etc", "etc-2", "outreach-2"])
    }
}
