import Foundation
import Git
import Inventory
import TestSupport
import XCTest

/// `census check` and `census catalog` as a user runs them: a product folder, a policy, a manifest
/// repository as catalog, exit codes.
final class CheckCommandTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        try scratch.write("product/Dockerfile", "FROM ubuntu:16.04 AS build\nFROM mcr.microsoft.com/azurelinux/base/core:3.0\n")
        try scratch.write("product/eng/ci.yml", """
            jobs:
            - job: Linux
              container: mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-18.04-cross-arm64
              steps:
              - script: echo hi
            """)
        fixture = try GitFixture(in: scratch, named: "prereqs.git")
        func manifest(_ tags: [String]) -> String {
            let platforms = tags.map { "{ \"dockerfile\": \"x\", \"os\": \"linux\", \"tags\": { \"\($0)\": {} } }" }
            return "{ \"registry\": \"mcr.microsoft.com\", \"repos\": [ { \"name\": \"dotnet-buildtools/prereqs\", \"images\": [ { \"platforms\": [ \(platforms.joined(separator: ", ")) ] } ] } ] }"
        }
        try fixture.commit(["manifest.json": .text(manifest(["ubuntu-18.04-cross-arm64", "ubuntu-22.04-cross-arm64"]))],
                           date: Date(timeIntervalSince1970: 1_735_689_600)) // 2025-01-01
        try fixture.commit(["manifest.json": .text(manifest(["ubuntu-22.04-cross-arm64"]))],
                           date: Date(timeIntervalSince1970: 1_776_297_600)) // 2026-04-16
        try scratch.write("policy.yml", """
            standard: [mcr.microsoft.com/dotnet-buildtools/prereqs]
            approvedBaseImages: [mcr.microsoft.com/azurelinux/base/core]
            catalogs:
              - repository: mcr.microsoft.com/dotnet-buildtools/prereqs
                git: \(fixture.path)
            """)
    }

    private func census(_ arguments: [String]) throws -> CensusRunner.Result {
        try CensusRunner.run(arguments + ["--db", scratch.path("census.sqlite")], in: scratch.path)
    }

    func testADownloadIsCheckedWithItsURLInEveryFormatAndTrustedDownloadsExemptIt() throws {
        try scratch.write("tools/Dockerfile", """
            FROM mcr.microsoft.com/azurelinux/base/core:3.0
            RUN curl -fsSL https://get.example.com/install.sh | bash
            ADD https://pkgs.internal.example.com/feed/tool.tgz /opt/
            """)
        let table = try census(["check", "tools", "--format", "table"])
        XCTAssertEqual(table.status, 0, "a warning and a note do not fail the check: \(table.stderr)")
        XCTAssertTrue(table.stdout.contains("Dockerfile:2  warning   unverified-download  'https://get.example.com/install.sh' is piped into a shell (curl | bash)"), table.stdout)
        XCTAssertTrue(table.stdout.contains("Dockerfile:3  note      unverified-download  'https://pkgs.internal.example.com/feed/tool.tgz' is downloaded (ADD)"), table.stdout)

        let json = try census(["check", "tools", "--format", "json"])
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let download = try XCTUnwrap(objects.first { $0["kind"] as? String == "dockerfile/download-to-shell" })
        XCTAssertEqual(download["image"] as? String, "https://get.example.com/install.sh")
        XCTAssertEqual(download["valid"] as? Bool, false)
        XCTAssertTrue(download["normalized"] is NSNull)
        XCTAssertEqual((download["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }, ["unverified-download"])

        let sarif = try census(["check", "tools", "--format", "sarif"])
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let results = try XCTUnwrap(((log["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        XCTAssertEqual(results.compactMap { $0["ruleId"] as? String }, ["unverified-download", "unverified-download"])
        XCTAssertEqual(results.compactMap { $0["level"] as? String }, ["warning", "note"])

        try scratch.write("trusting.yml", "trustedDownloads:\n  - \"https://pkgs.internal.example.com/*\"\n")
        let trusted = try census(["check", "tools", "--policy", "trusting.yml", "--format", "table"])
        XCTAssertTrue(trusted.stdout.contains("get.example.com"), trusted.stdout)
        XCTAssertFalse(trusted.stdout.contains("pkgs.internal.example.com"), trusted.stdout)
    }

    func testCheckFailsOnErrorsAndNamesEveryViolation() throws {
        let result = try census(["check", "product", "--format", "json"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let rules = objects.map { object in
            "\(object["path"] ?? ""):\(object["line"] ?? "") " + ((object["findings"] as? [[String: Any]]) ?? [])
                .compactMap { $0["rule"] as? String }.joined(separator: ",")
        }
        XCTAssertEqual(rules, ["Dockerfile:1 unapproved-base-image,eol-os", "Dockerfile:2 ", "eng/ci.yml:3 eol-os"])
    }

    func testCatalogSyncThenCheckKnowsRemovedTags() throws {
        let sync = try census(["catalog", "sync", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(sync.status, 0, sync.stderr)
        XCTAssertEqual(sync.stdout, "mcr.microsoft.com/dotnet-buildtools/prereqs: 1 current tag, 1 removed\n")

        let show = try census(["catalog", "show", "mcr.microsoft.com/dotnet-buildtools/prereqs", "--format", "json"])
        XCTAssertEqual(show.status, 0, show.stderr)
        let catalog = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let tags = try XCTUnwrap(catalog["tags"] as? [[String: Any]])
        XCTAssertEqual(tags.compactMap { $0["tag"] as? String }, ["ubuntu-18.04-cross-arm64", "ubuntu-22.04-cross-arm64"])
        XCTAssertEqual(tags.first?["removedAt"] as? String, "2026-04-16T00:00:00Z")

        let check = try census(["check", "product", "--format", "table"])
        XCTAssertEqual(check.status, 1)
        // The message wraps within the line; read as words it is whole.
        let words = check.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(words.contains("removed-tag 'mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-18.04-cross-arm64' was removed from the standard set on 2026-04-16"), check.stdout)
        XCTAssertTrue(check.stdout.contains("→ mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-22.04-cross-arm64"), check.stdout)
    }

    func testCatalogWarningsArePrintedWhenTheyChangeAndListedByShow() throws {
        let manifest = """
            { "registry": "mcr.microsoft.com", "repos": [ { "name": "dotnet-buildtools/prereqs", "images": [ { "platforms": [
              { "dockerfile": "x", "os": "linux", "tags": { "ubuntu-22.04-cross-arm64": {}, "$(Missing)-arm64": {} } } ] } ] } ] }
            """
        try fixture.commit(["manifest.json": .text(manifest)], date: Date(timeIntervalSince1970: 1_777_593_600)) // 2026-05-01
        let warning = "warning: mcr.microsoft.com/dotnet-buildtools/prereqs: manifest.json: '$(Missing)-arm64': "
            + "variable 'Missing' is not defined in the manifest\n"
        let first = try census(["catalog", "sync", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stderr, warning)

        let second = try census(["catalog", "sync", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.hasPrefix("mcr.microsoft.com/dotnet-buildtools/prereqs: unchanged (main is still at "),
                      second.stdout)
        let today = CalendarDayText.today
        XCTAssertEqual(second.stderr, "mcr.microsoft.com/dotnet-buildtools/prereqs: 1 catalog warning, unchanged since \(today); "
                       + "census catalog show mcr.microsoft.com/dotnet-buildtools/prereqs lists them\n")

        let show = try census(["catalog", "show", "mcr.microsoft.com/dotnet-buildtools/prereqs", "--format", "table"])
        XCTAssertTrue(show.stdout.contains("  warnings 1, unchanged since \(today)\n"), show.stdout)
        XCTAssertTrue(show.stdout.contains("  warning  manifest.json: '$(Missing)-arm64': variable 'Missing' is not defined"),
                      show.stdout)
        let database = try AppDatabase(path: scratch.path("census.sqlite"))
        XCTAssertEqual(try database.catalogSyncAttempts(repository: "mcr.microsoft.com/dotnet-buildtools/prereqs")
            .map(\.walkedCommits), [3, 0])
    }

    func testFailOnWarningAndCleanTreesExitAccordingly() throws {
        try scratch.write("clean/Dockerfile", "FROM mcr.microsoft.com/azurelinux/base/core:3.0\n")
        try scratch.write("warned/eng/ci.yml", "jobs:\n- job: A\n  container: node:22\n")
        XCTAssertEqual(try census(["check", "clean"]).status, 0)
        XCTAssertEqual(try census(["check", "warned"]).status, 0, "a warning passes the default error threshold")
        XCTAssertEqual(try census(["check", "warned", "--fail-on", "warning"]).status, 1)
    }

    func testSarifOutputIsOneRunWithTheFindings() throws {
        let result = try census(["check", "product", "--format", "sarif"])
        XCTAssertEqual(result.status, 1)
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let results = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        XCTAssertEqual(results.compactMap { $0["ruleId"] as? String }, ["unapproved-base-image", "eol-os", "eol-os"])
    }

    func testBadPolicyIsAConfigurationError() throws {
        try scratch.write("bad.yml", "standard: [x]\nmaxAge: 3\n")
        let result = try census(["check", "product", "--policy", "bad.yml"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("bad.yml:2: unknown key 'maxAge'"), result.stderr)
    }

    func testExplainWithAPolicyShowsEveryRuleAndTheFindings() throws {
        let result = try census(["explain", "debian:buster", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let findings = try XCTUnwrap(objects.first?["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.compactMap { $0["rule"] as? String }, ["non-standard-image", "eol-os"])
        XCTAssertEqual(findings.last?["suggestion"] as? String, "debian:trixie")
        let table = try census(["explain", "debian:buster", "--format", "table"])
        XCTAssertTrue(table.stdout.contains("unapproved-base-image  n/a      not a Dockerfile FROM"), table.stdout)
    }

    func testCrawlWithAPolicyStoresFindingsForTheRun() throws {
        let product = try GitFixture(in: scratch, named: "product.git")
        try product.commit(texts: ["eng/ci.yml": "jobs:\n- job: Linux\n  container: mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-18.04-cross-arm64\n"])
        try product.setDefaultBranch("main")
        try scratch.write("repos.txt", "product.git team=runtime\n")
        let result = try CensusRunner.run(["crawl", "--db", scratch.path("census.sqlite"), "--cache", scratch.path("mirrors")],
                                          in: scratch.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("mcr.microsoft.com/dotnet-buildtools/prereqs: 1 current tag, 1 removed"), result.stdout)
        XCTAssertTrue(result.stdout.contains("run 1: 3 findings, 3 distinct (a file shared by several branches counts once) (policy "),
                      result.stdout)
        let findings = try AppDatabase(path: scratch.path("census.sqlite")).currentFindings()
        XCTAssertEqual(findings.map(\.rule), ["eol-os", "outdated-tag", "removed-tag"])
        XCTAssertEqual(Set(findings.map(\.team)), ["runtime"])
        XCTAssertEqual(Set(findings.compactMap(\.suggestion)), ["mcr.microsoft.com/dotnet-buildtools/prereqs:ubuntu-22.04-cross-arm64"])
        XCTAssertTrue(result.stdout.contains("run 1: findings judged: no earlier evaluation"), result.stdout)

        // Nothing changed: the crawl reuses the evaluation, says so, and reads the same.
        let again = try CensusRunner.run(["crawl", "--db", scratch.path("census.sqlite"), "--cache", scratch.path("mirrors")],
                                         in: scratch.path)
        XCTAssertEqual(again.status, 0, again.stderr)
        let database = try AppDatabase(path: scratch.path("census.sqlite"))
        let first = try XCTUnwrap(try database.evaluation(runID: 1))
        let secondRun = try XCTUnwrap(try database.run(id: 2))
        // An age in the messages grows by a day at some instant; only a crawl before it may reuse.
        if first.outcome?.validUntil.map({ secondRun.startedAt < $0 }) ?? true {
            XCTAssertTrue(again.stdout.contains("run 2: findings reused from run 1: nothing it depends on changed since run 1"),
                          again.stdout)
            XCTAssertEqual(try database.evaluation(runID: 2)?.outcome?.reusedFromRunID, 1)
        }
        XCTAssertTrue(again.stdout.contains("run 2: 3 findings, 3 distinct"), again.stdout)
        XCTAssertEqual(try database.currentFindings().map { "\($0.rule) \($0.message)" },
                       findings.map { "\($0.rule) \($0.message)" })
    }

    func testThePipedTableKeepsEveryMessageWholeAndWrapsItWithinTheLine() throws {
        // Twelve approved images make the unapproved-base-image message far longer than a line.
        let approved = (1...12).map { "registry.example.com/platform/base-images/approved-image-\($0)" }
        try scratch.write("policy.yml", "approvedBaseImages: [\(approved.joined(separator: ", "))]\n")
        let json = try census(["check", "product", "--format", "json"])
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let messages = objects.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }.compactMap { $0["message"] as? String }
        XCTAssertTrue(messages.contains { $0.count > 400 }, "\(messages)")

        let table = try census(["check", "product", "--format", "table"])
        XCTAssertEqual(table.status, 1, table.stderr)
        XCTAssertFalse(table.stdout.contains("…"), table.stdout)
        let collapsed = table.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for message in messages {
            XCTAssertTrue(collapsed.contains(message.split(whereSeparator: \.isWhitespace).joined(separator: " ")),
                          "\(message) is not whole in:\n\(table.stdout)")
        }
        for line in table.stdout.split(separator: "\n") where line.count > 120 {
            XCTAssertEqual(line.split(separator: " ").count, 1, "only a word longer than the room may pass 120 columns: \(line)")
        }
    }
}

/// Today's date as census prints it (UTC, `yyyy-MM-dd`).
private enum CalendarDayText {
    static var today: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
