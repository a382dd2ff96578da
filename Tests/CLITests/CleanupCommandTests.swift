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
