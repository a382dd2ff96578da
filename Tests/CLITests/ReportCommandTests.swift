import Foundation
import TestSupport
import XCTest

/// `census report`, `census diff` and `census sql` as a user runs them, over a real crawl with a policy.
final class ReportCommandTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var product: GitFixture!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        product = try GitFixture(in: scratch, named: "product.git")
        try product.commit(texts: ["Dockerfile": "FROM ubuntu:16.04\n", "eng/ci.yml": "jobs:\n- job: a\n  container: redis:7\n"],
                           on: "main")
        try product.setDefaultBranch("main")
        try scratch.write("repos.txt", "product.git team=runtime contact=runtime@example.com\n")
        try scratch.write("policy.yml", """
            standard: [mcr.microsoft.com/dotnet-buildtools/prereqs]
            approvedBaseImages: [mcr.microsoft.com/azurelinux/base/core]
            """)
    }

    private func census(_ arguments: [String]) throws -> CensusRunner.Result {
        try CensusRunner.run(arguments + ["--db", scratch.path("census.sqlite")], in: scratch.path)
    }

    private func crawl() throws {
        let result = try census(["crawl", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testTheWeeklyReportsAreWrittenUnderTheWeeksFolder() throws {
        try crawl()
        let governance = try census(["report", "governance", "--out", scratch.path("out")])
        XCTAssertEqual(governance.status, 0, governance.stderr)
        let paths = governance.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(paths.map { ($0 as NSString).lastPathComponent }, ["governance.md", "governance.html", "governance.json"])
        let week = (paths[0] as NSString).deletingLastPathComponent
        XCTAssertTrue(week.hasPrefix(scratch.path("out") + "/"), week)
        XCTAssertNotNil((week as NSString).lastPathComponent.range(of: #"^\d{4}-W\d{2}$"#, options: .regularExpression))
        let markdown = try String(contentsOfFile: paths[0], encoding: .utf8)
        XCTAssertTrue(markdown.contains("| `unapproved-base-image` | error | 1 |"), markdown)

        let outreach = try census(["report", "outreach", "--out", scratch.path("out")])
        XCTAssertEqual(outreach.status, 0, outreach.stderr)
        XCTAssertEqual(outreach.stdout.split(separator: "\n").map { ($0 as NSString).lastPathComponent },
                       ["runtime.md", "outreach.csv"])
        let migration = try census(["report", "migration", "--from", "*ubuntu:16.04", "--out", scratch.path("out"),
                                    "--format", "csv"])
        XCTAssertEqual(migration.status, 0, migration.stderr)
        let csv = try String(contentsOfFile: String(migration.stdout.dropLast()), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("repository,team,branch,commit,path,line,link,kind,image,stale,change_proposed\r\nproduct,runtime,main,"), csv)
    }

    func testADownloadFindingShowsItsURLInTheGovernanceReportAndOutreachListWithoutCountingAsAnImage() throws {
        try product.commit(texts: ["Dockerfile": """
            FROM mcr.microsoft.com/azurelinux/base/core:3.0
            RUN curl -fsSL https://get.example.com/install.sh | bash \\
             && curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz
            """, "eng/ci.yml": "jobs:\n- job: a\n  container: redis:7\n"], on: "main")
        try crawl()
        let governance = try census(["report", "governance", "--out", scratch.path("out")])
        XCTAssertEqual(governance.status, 0, governance.stderr)
        let paths = governance.stdout.split(separator: "\n").map(String.init)
        let markdown = try String(contentsOfFile: paths[0], encoding: .utf8)
        XCTAssertTrue(markdown.contains("| `unverified-download` | warning | 2 | 1 | 1 |"), markdown)
        XCTAssertTrue(markdown.contains("| `Dockerfile:2` | `https://get.example.com/install.sh` | `unverified-download` warning |  |"), markdown)
        XCTAssertTrue(markdown.contains("| `Dockerfile:3` | `https://example.com/tool.tgz` | `unverified-download` note |  |"), markdown)
        // Two images (the base and the job container), no URL among them; nothing unresolved.
        XCTAssertTrue(markdown.contains("| Distinct images | 2 |"), markdown)
        XCTAssertTrue(markdown.contains("| Unresolved references | 0 |"), markdown)
        XCTAssertFalse(markdown.contains("| `https://example.com/tool.tgz` |  | 1 |"), "a URL is not among the most used images")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: paths[2]))) as? [String: Any])
        let mostUsed = (json["mostUsedImages"] as? [[String: Any]] ?? []).compactMap { $0["image"] as? String }
        XCTAssertFalse(mostUsed.contains { $0.hasPrefix("https://") }, "\(mostUsed)")

        let outreach = try census(["report", "outreach", "--out", scratch.path("out")])
        XCTAssertEqual(outreach.status, 0, outreach.stderr)
        let outreachPaths = outreach.stdout.split(separator: "\n").map(String.init)
        let list = try String(contentsOfFile: outreachPaths[0], encoding: .utf8)
        XCTAssertTrue(list.contains("found 1 image usage and 2 unchecked downloads in repositories your team owns"), list)
        XCTAssertTrue(list.contains("- Check the download `https://get.example.com/install.sh` against a checksum or signature — 1 usage (`unverified-download`)"), list)
        XCTAssertTrue(list.contains("- `Dockerfile:3` `https://example.com/tool.tgz`\n  - **note** `unverified-download`: 'https://example.com/tool.tgz' is downloaded (curl) and never checked against a checksum or signature."), list)
        let csv = try String(contentsOfFile: outreachPaths[1], encoding: .utf8)
        XCTAssertTrue(csv.contains(",Dockerfile,2,,https://get.example.com/install.sh,unverified-download,warning,"), csv)
    }

    func testReportsBeforeAnyCrawlAreAUsageError() throws {
        let result = try census(["report", "governance"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("run `census crawl` first"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("census.sqlite")), "no empty database is created")
    }

    func testAWeekWithoutACrawlNamesTheWeeksThatHaveOne() throws {
        try crawl()
        let bad = try census(["report", "governance", "--week", "2019-W01"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("no finished crawl started in week 2019-W01 (weeks with a run: "), bad.stderr)
        XCTAssertEqual(try census(["report", "governance", "--week", "last week"]).status, 2)
    }

    func testDiffShowsWhatChangedBetweenTheLastTwoCrawls() throws {
        try crawl()
        let tooFew = try census(["diff"])
        XCTAssertEqual(tooFew.status, 2)
        XCTAssertTrue(tooFew.stderr.contains("a diff compares two runs and the inventory holds 1"), tooFew.stderr)

        try product.commit(texts: ["Dockerfile": "FROM mcr.microsoft.com/azurelinux/base/core:3.0\n",
                                   "eng/ci.yml": "jobs:\n- job: a\n  container: redis:7\n"], on: "main")
        try crawl()
        let diff = try census(["diff", "--format", "table"])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssertTrue(diff.stdout.contains("references: +1 -1   findings: +0 -2   branches: +0 -0"), diff.stdout)
        XCTAssertTrue(diff.stdout.contains("  + Dockerfile:1  dockerfile/from  mcr.microsoft.com/azurelinux/base/core:3.0\n"), diff.stdout)
        XCTAssertTrue(diff.stdout.contains("  - finding unapproved-base-image (error)  Dockerfile:1  docker.io/library/ubuntu:16.04\n"),
                      diff.stdout)
    }

    func testSQLAnswersInEveryFormatAndRefusesWrites() throws {
        try crawl()
        let csv = try census(["sql", "SELECT repository, branch, line, image FROM current_references ORDER BY line, image",
                              "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertEqual(csv.stdout, "repository,branch,line,image\r\nproduct,main,1,ubuntu:16.04\r\nproduct,main,3,redis:7\r\n")
        let json = try census(["sql", "SELECT team, COUNT(*) AS findings FROM current_findings GROUP BY team", "--format", "json"])
        XCTAssertEqual(json.stdout, "[\n  {\"team\": \"runtime\", \"findings\": 3}\n]\n", json.stderr)

        let write = try census(["sql", "DELETE FROM repository"])
        XCTAssertEqual(write.status, 2)
        XCTAssertTrue(write.stderr.contains("refused: queries are read-only"), write.stderr)
        let after = try census(["sql", "SELECT COUNT(*) AS n FROM repository", "--format", "csv"])
        XCTAssertEqual(after.stdout, "n\r\n1\r\n")
    }

    func testAQueryThatBeginsWithACommentIsAcceptedAfterTheTerminator() throws {
        try crawl()
        let result = try CensusRunner.run(["sql", "--db", scratch.path("census.sqlite"), "--format", "csv", "--",
                                           "-- how many repositories\nSELECT COUNT(*) AS n FROM repository"],
                                          in: scratch.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "n\r\n1\r\n")
        let help = try CensusRunner.run(["sql", "--help"])
        let helpText = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(helpText.contains("put \"--\" before a query that begins with \"-\""), help.stdout)
        let withoutTerminator = try CensusRunner.run(["sql", "--db", scratch.path("census.sqlite"), "-- a comment\nSELECT 1"],
                                                     in: scratch.path)
        XCTAssertEqual(withoutTerminator.status, 2)
        XCTAssertTrue(withoutTerminator.stderr.contains("put \"--\" before a query that begins with \"-\""), withoutTerminator.stderr)
    }

    func testAQueryOverItsLimitsStopsWithAMessageAndExitCode2() throws {
        try crawl()
        let slow = try census(["sql", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n",
                               "--timeout", "0.2"])
        XCTAssertEqual(slow.status, 2, slow.stderr)
        XCTAssertTrue(slow.stderr.contains("the query ran longer than 0.2 s and was stopped"), slow.stderr)
        let big = try census(["sql", "SELECT length(randomblob(900000000))", "--memory-limit", "64"])
        XCTAssertEqual(big.status, 2, big.stderr)
        XCTAssertTrue(big.stderr.contains("the query needed more than 64 MB and was stopped"), big.stderr)
    }
}
