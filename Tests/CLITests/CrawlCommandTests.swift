import Foundation
import TestSupport
import XCTest

final class CrawlCommandTests: XCTestCase {
    func testCrawlWithAFailedRepositoryExitsThreeAndNamesIt() throws {
        let scratch = try ScratchDirectory()
        let good = try GitFixture(in: scratch, named: "good.git")
        try good.commit(texts: ["Dockerfile": "FROM alpine:3.20\n"], on: "main")
        try good.setDefaultBranch("main")
        let list = try scratch.write("repos.txt", "good.git team=a\nmissing.git team=b\n")

        let result = try CensusRunner.run(["crawl", "--repos", list, "--db", scratch.path("c.sqlite"),
                                           "--cache", scratch.path("mirrors")])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stdout.contains("1 repository failed:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  missing: "), result.stdout)
        XCTAssertTrue(result.stderr.contains("ok good: 1 branch, 1 reference"), "piped output logs plain lines: \(result.stderr)")
        XCTAssertFalse(result.stderr.contains("\u{1B}["), "no terminal escapes when piped")
    }

    func testARecrawlWalksNoUnchangedCatalogAndRepeatsNoUnchangedWarning() throws {
        let scratch = try ScratchDirectory()
        let repository = try GitFixture(in: scratch, named: "svc.git")
        try repository.commit(texts: ["Dockerfile": "FROM mcr.microsoft.com/team/base:1.0\n"], on: "main")
        try repository.setDefaultBranch("main")
        let catalog = try GitFixture(in: scratch, named: "base-manifest.git")
        func manifest(_ tags: [String]) -> String {
            let object = tags.map { "\"\($0)\": {}" }.joined(separator: ", ")
            return "{ \"registry\": \"mcr.microsoft.com\", \"repos\": [ { \"name\": \"team/base\", \"images\": [ "
                + "{ \"platforms\": [ { \"dockerfile\": \"x\", \"os\": \"linux\", \"tags\": { \(object) } } ] } ] } ] }"
        }
        try catalog.commit(texts: ["manifest.json": manifest(["1.0", "$(Undefined)"])])
        let list = try scratch.write("repos.txt", "svc.git team=svc\n")
        let policy = try scratch.write("policy.yml", """
            standard: [mcr.microsoft.com/team/base]
            catalogs:
              - repository: mcr.microsoft.com/team/base
                git: \(catalog.path)
            """)
        let database = scratch.path("c.sqlite")
        func crawl() throws -> CensusRunner.Result {
            try CensusRunner.run(["crawl", "--repos", list, "--db", database, "--cache", scratch.path("mirrors"),
                                  "--policy", policy])
        }
        let warning = "warning: mcr.microsoft.com/team/base: manifest.json: '$(Undefined)': variable 'Undefined' is not defined"
        let first = try crawl()
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains(warning), first.stderr)

        let second = try crawl()
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertFalse(second.stderr.contains(warning), second.stderr)
        XCTAssertTrue(second.stderr.contains("mcr.microsoft.com/team/base: 1 catalog warning, unchanged since "), second.stderr)
        XCTAssertTrue(second.stdout.contains("mcr.microsoft.com/team/base: unchanged (main is still at "), second.stdout)

        // A new manifest commit is walked alone, and a new warning is printed in full.
        try catalog.commit(texts: ["manifest.json": manifest(["1.0", "2.0", "$(Undefined)", "$(Other)"])])
        let third = try crawl()
        XCTAssertTrue(third.stderr.contains(warning), third.stderr)
        XCTAssertTrue(third.stderr.contains("'$(Other)': variable 'Other' is not defined"), third.stderr)
        let walked = try CensusRunner.run(["sql", "--db", database, "--format", "csv",
                                           "SELECT kind, walked_commits FROM catalog_sync ORDER BY id"])
        XCTAssertEqual(walked.stdout.split(whereSeparator: \.isNewline),
                       ["kind,walked_commits", "full-walk,1", "tip-unchanged,0", "extended,1"], walked.stderr)
    }

    func testACrawlIsJudgedAsOfItsRunsStartAndWarnsAheadOfAnEndOfLife() throws {
        let scratch = try ScratchDirectory()
        let repository = try GitFixture(in: scratch, named: "svc.git")
        // Ubuntu 24.04 ends on 2029-05-31: inside a ten-year window whenever this test runs before then.
        try repository.commit(texts: ["Dockerfile": "FROM ubuntu:24.04\n"], on: "main")
        try repository.setDefaultBranch("main")
        let list = try scratch.write("repos.txt", "svc.git team=svc\n")
        let policy = try scratch.write("policy.yml", "warnBeforeEolDays: 3650\n")
        let database = scratch.path("c.sqlite")
        let crawl = try CensusRunner.run(["crawl", "--repos", list, "--db", database, "--cache", scratch.path("mirrors"),
                                          "--policy", policy])
        XCTAssertEqual(crawl.status, 0, crawl.stderr)

        // The findings and the reports drawn from them count days from the same "today": the run's start.
        let same = try CensusRunner.run(["sql", "--db", database, "--format", "json", """
            SELECT e.evaluated_at = r.started_at AS same FROM policy_evaluation e JOIN run r ON r.id = e.run_id
            """])
        XCTAssertTrue(same.stdout.contains("\"same\": 1"), same.stdout + same.stderr)
        let messages = try CensusRunner.run(["sql", "--db", database, "--format", "json", """
            SELECT f.message, date(r.started_at) AS day FROM current_findings f JOIN run r ON r.id = f.run_id
            WHERE f.rule = 'eol-soon'
            """])
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(messages.stdout.utf8)) as? [[String: Any]],
                                 messages.stdout + messages.stderr)
        let row = try XCTUnwrap(rows.first, "one eol-soon finding")
        let day = try XCTUnwrap(row["day"] as? String)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let start = try XCTUnwrap(formatter.date(from: day)), end = try XCTUnwrap(formatter.date(from: "2029-05-31"))
        let days = Int((end.timeIntervalSince(start) / 86_400).rounded())
        XCTAssertEqual(row["message"] as? String, "'ubuntu:24.04' is built on Ubuntu 24.04 (noble), which reaches end of life "
                       + "on 2029-05-31, in \(days) days; move before then.")
    }

    func testMalformedRepoListExitsTwoNamingFileAndLine() throws {
        let scratch = try ScratchDirectory()
        let list = try scratch.write("repos.txt", "# fleet\n/srv/a.git branch=main\n")
        let result = try CensusRunner.run(["crawl", "--repos", list, "--db", scratch.path("c.sqlite")])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("\(list):2: unknown key 'branch'"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("c.sqlite")), "nothing is crawled")
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try CensusRunner.run(["crawl", "--jobs", "0"]).status, 2)
        XCTAssertEqual(try CensusRunner.run(["no-such-command"]).status, 2)
    }

    func testTokenNeverReachesOutputOrDatabase() throws {
        let scratch = try ScratchDirectory()
        let list = try scratch.write("repos.txt", "https://user:hunter2secret@127.0.0.1:9/org/repo.git\n")
        let result = try CensusRunner.run(["crawl", "--repos", list, "--db", scratch.path("c.sqlite"),
                                           "--cache", scratch.path("mirrors")],
                                          environment: ["CENSUS_GIT_TOKEN": "tok-SECRET-123",
                                                        "CENSUS_GIT_TOKEN_HOSTS": "127.0.0.1:9"])
        XCTAssertEqual(result.status, 3)
        for text in [result.stdout, result.stderr] {
            XCTAssertFalse(text.contains("hunter2secret"), text)
            XCTAssertFalse(text.contains("tok-SECRET-123"), text)
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("c.sqlite")))
        XCTAssertNil(bytes.range(of: Data("hunter2secret".utf8)))
        XCTAssertNil(bytes.range(of: Data("tok-SECRET-123".utf8)))
        let mirrors = try FileManager.default.subpathsOfDirectory(atPath: scratch.path("mirrors"))
        XCTAssertFalse(mirrors.contains { $0.contains("hunter2") })
    }

    func testATokenWithoutTheHostsItIsForStopsTheCrawlBeforeAnythingIsContacted() throws {
        let scratch = try ScratchDirectory()
        let server = try AuthLoggingServer(name: "a", log: scratch.path("requests.jsonl"))
        let list = try scratch.write("repos.txt", "\(server.baseURL)/org/repo.git\n")

        let result = try CensusRunner.run(["crawl", "--repos", list, "--db", scratch.path("c.sqlite"),
                                           "--cache", scratch.path("mirrors")],
                                          environment: ["CENSUS_GIT_TOKEN": "tok-SECRET-123"])

        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("CENSUS_GIT_TOKEN: it is set but CENSUS_GIT_TOKEN_HOSTS is not"), result.stderr)
        XCTAssertFalse(result.stderr.contains("tok-SECRET-123"))
        XCTAssertEqual(try server.requests(), [], "nothing was contacted")
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("c.sqlite")), "nothing is crawled")
    }

    func testEachTokenFromTheEnvironmentReachesOnlyItsOwnHost() throws {
        let scratch = try ScratchDirectory()
        let log = scratch.path("requests.jsonl")
        let listed = try AuthLoggingServer(name: "listed", log: log)
        let single = try AuthLoggingServer(name: "single", address: "127.0.0.2", log: log)
        let stranger = try AuthLoggingServer(name: "stranger", address: "127.0.0.3", log: log)
        let list = try scratch.write("repos.txt", """
            \(listed.baseURL)/org/a.git
            \(single.baseURL)/org/b.git
            \(stranger.baseURL)/org/c.git

            """)
        let singlePort = single.baseURL.split(separator: ":").last.map(String.init) ?? ""

        let result = try CensusRunner.run(["crawl", "--repos", list, "--db", scratch.path("c.sqlite"),
                                           "--cache", scratch.path("mirrors")],
                                          environment: [
                                              "CENSUS_GIT_TOKEN": "tok-listed",
                                              "CENSUS_GIT_TOKEN_HOSTS": String(listed.baseURL.dropFirst("http://".count)),
                                              "CENSUS_GIT_TOKEN_127_0_0_2_\(singlePort)": "tok-single",
                                          ])

        XCTAssertEqual(result.status, 3, result.stderr)
        var sent: [String: Set<String>] = [:]
        for request in try listed.requests() {
            sent[request.server, default: []].insert(request.basicPassword ?? "-")
        }
        XCTAssertEqual(sent, ["listed": ["-", "tok-listed"], "single": ["-", "tok-single"], "stranger": ["-"]])
        XCTAssertTrue(result.stdout.contains("set CENSUS_GIT_TOKEN_127_0_0_3_"), result.stdout)
    }
}
