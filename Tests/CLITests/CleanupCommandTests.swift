import Foundation
import TestSupport
import XCTest

/// `census cleanup plan|execute` on the demo fleet (a git manifest catalog, so no registry is needed for the
/// plan); the deletions themselves are tested against real registries in PolicyTests.
final class CleanupCommandTests: XCTestCase {
    private static let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs"
    private static let stem = "cleanup-mcr.microsoft.com-dotnet-buildtools-prereqs"

    private func plan(at path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func tags(_ plan: [String: Any]) -> [String: [String: Any]] {
        let rows = plan["tags"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["tag"] as? String ?? "", $0) })
    }

    func testThePlanOfTheDemoFleetBlocksOldTagsStillUsedAndCountsQuietBranches() throws {
        let scratch = try ScratchDirectory()
        let demo = scratch.path("demo")
        let built = try CensusRunner.run(["demo", "--dir", demo])
        XCTAssertEqual(built.status, 0, built.stderr)
        let week = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: demo + "/reports").first)
        let demoPlan = try plan(at: "\(demo)/reports/\(week)/\(Self.stem).json")

        let result = try CensusRunner.run(["cleanup", "plan", "--db", demo + "/census.sqlite", "--policy", demo + "/policy.yml",
                                           "--out", scratch.path("reports")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("\(Self.prereqs): 1 to delete, 7 blocked"), result.stdout)
        for ext in ["md", "csv", "json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.path("reports/\(week)/\(Self.stem).\(ext)")), ext)
        }
        let planned = try plan(at: scratch.path("reports/\(week)/\(Self.stem).json"))
        XCTAssertEqual(planned["runIDs"] as? [Int], [4, 3, 2, 1])
        XCTAssertEqual((planned["tags"] as? [[String: Any]])?.count, (demoPlan["tags"] as? [[String: Any]])?.count)
        let byTag = tags(planned)
        XCTAssertEqual(byTag["ubuntu-18.04-cross-arm64"]?["verdict"] as? String, "delete")
        XCTAssertEqual(byTag["azurelinux-3.0-net10.0-build-amd64"]?["verdict"] as? String, "keep")
        let centos = try XCTUnwrap(byTag["centos-7"])
        XCTAssertEqual(centos["verdict"] as? String, "blocked")
        let usages = centos["usages"] as? [[String: Any]] ?? []
        // dotnet/legacy-tools moved off centos-7 in the last weeks: its earlier usages still protect the tag.
        XCTAssertTrue(usages.contains { $0["repository"] as? String == "dotnet/legacy-tools" && $0["current"] as? Bool == false })
        XCTAssertTrue(usages.contains { $0["repository"] as? String == "dotnet/runtime" && $0["owner"] as? String == "@dotnet/dotnet-docker" })

        let lastRunOnly = try CensusRunner.run(["cleanup", "plan", "--db", demo + "/census.sqlite", "--policy", demo + "/policy.yml",
                                                "--out", scratch.path("recent"), "--runs", "1"])
        XCTAssertEqual(lastRunOnly.status, 0, lastRunOnly.stderr)
        let recent = tags(try plan(at: scratch.path("recent/\(week)/\(Self.stem).json")))
        let recentUsages = recent["centos-7"]?["usages"] as? [[String: Any]] ?? []
        XCTAssertEqual(Set(recentUsages.compactMap { $0["repository"] as? String }), ["dotnet/runtime"])

        // Executing needs the registry: an unreachable one stops everything with nothing deleted and no log.
        let planPath = scratch.path("reports/\(week)/\(Self.stem).json")
        let execute = try CensusRunner.run(["cleanup", "execute", "--plan", planPath, "--db", demo + "/census.sqlite",
                                            "--registry-url", "http://127.0.0.1:1", "--yes", "--timeout", "5"])
        XCTAssertEqual(execute.status, 2)
        XCTAssertTrue(execute.stderr.contains("registry unreachable"), execute.stderr)
        XCTAssertTrue(execute.stderr.hasSuffix("; nothing was deleted\n"), execute.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("reports/\(week)/\(Self.stem).log")))
    }

    func testExecutingAFileThatIsNotAPlanIsAConfigurationError() throws {
        let scratch = try ScratchDirectory()
        try Data("{\"tags\": []}".utf8).write(to: URL(fileURLWithPath: scratch.path("plan.json")))
        let result = try CensusRunner.run(["cleanup", "execute", "--plan", scratch.path("plan.json"),
                                           "--db", scratch.path("census.sqlite")])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("plan.json: cannot use it as a clean-up plan: not a clean-up plan written by census cleanup plan"),
                      result.stderr)
    }
}

/// The whole flow against a real loopback registry with deletes enabled: crawl with a registry catalog,
/// plan, a usage appears, crawl again, execute.
final class CleanupRegistryFlowTests: XCTestCase {
    private func day(_ offset: TimeInterval) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date().addingTimeInterval(offset * 86_400))
    }

    func testExecuteDeletesTheUnusedTagsAndSkipsOneUsedSinceThePlan() async throws {
        let registry = RegistryServers.shared
        let servers = try registry.addresses()
        let path = "census/flow\(UUID().uuidString.prefix(8).lowercased())/base"
        let repository = "\(servers.basic)/\(path)"
        try await registry.pushToBasicRegistry(repository: path, tag: "old-a", created: day(-400), layerBytes: 1_000)
        try await registry.pushToBasicRegistry(repository: path, tag: "old-b", created: day(-300), layerBytes: 2_000)
        try await registry.pushToBasicRegistry(repository: path, tag: "old-used", created: day(-250), layerBytes: 3_000)
        try await registry.pushToBasicRegistry(repository: path, tag: "fresh", created: day(-2), layerBytes: 4_000)

        let scratch = try ScratchDirectory()
        let app = try GitFixture(in: scratch, named: "app.git")
        try app.commit(texts: ["Dockerfile": "FROM \(repository):old-used\n", ".github/CODEOWNERS": "* @org/app-team\n"])
        try app.setDefaultBranch("main")
        let list = try scratch.write("repos.txt", "app.git team=app\n")
        let policy = try scratch.write("policy.yml", """
            standard:
              - \(repository)
            maxAgeDays: 180
            catalogs:
              - repository: \(repository)
                registry: true
            """)
        let environment = ["CENSUS_REGISTRY_USER": servers.user, "CENSUS_REGISTRY_PASSWORD": servers.password]
        let database = scratch.path("census.sqlite")
        func crawl() throws {
            let result = try CensusRunner.run(["crawl", "--repos", list, "--db", database, "--policy", policy,
                                               "--cache", scratch.path("mirrors")], environment: environment)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        try crawl()

        let planned = try CensusRunner.run(["cleanup", "plan", "--db", database, "--policy", policy,
                                            "--out", scratch.path("reports")], environment: environment)
        XCTAssertEqual(planned.status, 0, planned.stderr)
        XCTAssertTrue(planned.stdout.hasPrefix("\(repository): 2 to delete, 1 blocked (1 usage), 1 kept of 4 tags"), planned.stdout)
        let planPath = try XCTUnwrap(planned.stdout.split(separator: "\n").map(String.init).first { $0.hasSuffix(".json") })
        let plan = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planPath))) as? [String: Any])
        let totals = try XCTUnwrap(plan["totals"] as? [String: Any])
        let configBytes = #"{"architecture":"amd64","os":"linux","created":"","rootfs":{"type":"layers","diff_ids":[]}}"#.utf8.count
            + day(0).utf8.count
        XCTAssertEqual(totals["deleteBytes"] as? Int, 3_000 + 2 * configBytes)
        XCTAssertEqual(totals["blockedBytes"] as? Int, 3_000 + configBytes)
        let blocked = (plan["tags"] as? [[String: Any]] ?? []).first { $0["tag"] as? String == "old-used" }
        let usage = try XCTUnwrap((blocked?["usages"] as? [[String: Any]])?.first)
        XCTAssertEqual(usage["owner"] as? String, "@org/app-team")
        XCTAssertEqual(usage["path"] as? String, "Dockerfile")

        // A branch starts using old-b after the plan was made; the next crawl records it.
        try app.commit(texts: ["Dockerfile": "FROM \(repository):old-used\nFROM \(repository):old-b\n",
                               ".github/CODEOWNERS": "* @org/app-team\n"])
        try crawl()

        let dryRun = try CensusRunner.run(["cleanup", "execute", "--plan", planPath, "--db", database], environment: environment)
        XCTAssertEqual(dryRun.status, 3, dryRun.stderr)
        XCTAssertTrue(dryRun.stdout.contains("would-delete  \(repository):old-a  sha256:"), dryRun.stdout)
        let untouched = try await registry.tagsInBasicRegistry(repository: path)
        XCTAssertEqual(untouched, ["fresh", "old-a", "old-b", "old-used"])

        let executed = try CensusRunner.run(["cleanup", "execute", "--plan", planPath, "--db", database, "--yes"],
                                            environment: environment)
        XCTAssertEqual(executed.status, 3, executed.stderr)
        XCTAssertTrue(executed.stdout.contains("deleted  \(repository):old-a  sha256:"), executed.stdout)
        XCTAssertTrue(executed.stdout.contains("skipped-used  \(repository):old-b  sha256:"), executed.stdout)
        XCTAssertTrue(executed.stdout.contains("used since the plan was made: app/main/Dockerfile:2"), executed.stdout)
        XCTAssertTrue(executed.stdout.hasSuffix("deleted 1 tag, 0 already gone, 1 left alone\n"), executed.stdout)
        let left = try await registry.tagsInBasicRegistry(repository: path)
        XCTAssertEqual(left, ["fresh", "old-b", "old-used"])

        let log = try String(contentsOfFile: String(planPath.dropLast(5)) + ".log", encoding: .utf8)
        XCTAssertTrue(log.contains("census cleanup execute --plan \(planPath): delete\n"), log)
        XCTAssertTrue(log.contains("deleted  \(repository):old-a"), log)
        XCTAssertFalse(log.contains(servers.password), "the log never holds a secret")

        let wrong = try CensusRunner.run(["cleanup", "execute", "--plan", planPath, "--db", database, "--yes"],
                                         environment: ["CENSUS_REGISTRY_USER": servers.user, "CENSUS_REGISTRY_PASSWORD": "wrong"])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("registry authentication failed"), wrong.stderr)
        XCTAssertTrue(wrong.stderr.hasSuffix("nothing was deleted\n"), wrong.stderr)
    }
}
