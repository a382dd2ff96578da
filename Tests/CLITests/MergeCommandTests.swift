import Foundation
import Inventory
import TestSupport
import XCTest

/// `census crawl --shard I/N` and `census merge`: a fleet crawled as shards and merged reads exactly as
/// the same fleet crawled at once.
final class MergeCommandTests: XCTestCase {
    /// Nine repositories with release branches, a file shared by all of them (one file scan across
    /// shards) and images the policy judges; `missing.git` is listed but does not exist when `withMissing`.
    private func makeFleet(in scratch: ScratchDirectory, withMissing: Bool = false) throws -> (list: String, policy: String) {
        var lines: [String] = []
        for number in 1...9 {
            let name = "svc\(number).git"
            let repository = try GitFixture(in: scratch, named: name)
            try repository.commit(texts: [
                "Dockerfile": "FROM alpine:3.\(number)\nRUN echo hi\nFROM ubuntu:latest\n",
                "eng/common/build.Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0\n",
                "compose.yaml": "services:\n  db:\n    image: postgres:1\(number)\n  cache:\n    image: redis\n",
            ], on: "main")
            if number.isMultiple(of: 3) {
                try repository.commit(texts: ["Dockerfile": "FROM centos:7\n"], on: "release/1.0")
            }
            try repository.setDefaultBranch("main")
            lines.append("\(name) team=team\(number % 3) contact=team\(number % 3)@example.com branches=main,release/*")
        }
        if withMissing { lines.append("missing.git team=team0") }
        let list = try scratch.write("repos.txt", lines.joined(separator: "\n") + "\n")
        let policy = try scratch.write("policy.yml", """
            standard:
              - docker.io/library/alpine
            deprecated:
              - match: "docker.io/library/centos:7*"
                reason: CentOS 7 is end of life
                replacement: docker.io/library/alpine:3.20
            """)
        return (list, policy)
    }

    private func crawl(_ scratch: ScratchDirectory, list: String, policy: String, database: String,
                       shard: String? = nil) throws -> CensusRunner.Result {
        try CensusRunner.run(["crawl", "--repos", list, "--db", scratch.path(database), "--cache", scratch.path("mirrors"),
                              "--policy", policy] + (shard.map { ["--shard", $0] } ?? []))
    }

    private func merge(_ scratch: ScratchDirectory, into central: String, _ shards: [String],
                       extra: [String] = []) throws -> CensusRunner.Result {
        try CensusRunner.run(["merge", "--db", scratch.path(central)] + extra + shards.map { scratch.path($0) })
    }

    private func query(_ path: String, _ sql: String) throws -> QueryResult {
        try AppDatabase.openForReading(path: path).readOnlyQuery(sql: sql)
    }

    /// What the views say, without run ids, reference ids and times.
    private func views(_ path: String) throws -> [QueryResult] {
        [
            try query(path, """
                SELECT repository, team, contact, branch, commit_id, path, line, kind, context, raw, image, resolved, valid,
                       normalized, registry, image_repository, tag, digest, reason, stale
                FROM current_references ORDER BY repository, branch, path, line, raw
                """),
            try query(path, """
                SELECT repository, team, branch, commit_id, path, line, raw, rule, severity, message, suggestion,
                       explanation, policy_hash, stale
                FROM current_findings ORDER BY repository, branch, path, line, raw, rule
                """),
            try query(path, """
                SELECT repository, branch, latest_status, latest_error, commit_id, stale FROM current_branches
                ORDER BY repository, branch
                """),
            try query(path, "SELECT COUNT(*), SUM(reference_count) FROM file_scan"),
            // Every commit's files, and the release branches stored as what differs from main's commit (a
            // changed Dockerfile, two files gone) as the crawl of the whole fleet stores them.
            try query(path, "SELECT COUNT(*) FROM commit_file"),
            try query(path, """
                SELECT COUNT(*), (SELECT COUNT(*) FROM commit_file_entry) FROM commit_scan WHERE base_commit_scan_id IS NOT NULL
                """),
        ]
    }

    /// The governance report as JSON, with its times and run ids taken out.
    private func governance(_ scratch: ScratchDirectory, database: String) throws -> String {
        let out = scratch.path("reports-\(database)")
        let result = try CensusRunner.run(["report", "governance", "--db", scratch.path(database), "--out", out,
                                           "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let week = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out).first)
        let text = try String(contentsOfFile: "\(out)/\(week)/governance.json", encoding: .utf8)
        return text.split(separator: "\n").filter { line in
            !["\"startedAt\"", "\"finishedAt\"", "\"runID\"", "\"runId\"", "\"generatedAt\""].contains { line.contains($0) }
        }.joined(separator: "\n")
    }

    func testAFleetCrawledAsThreeShardsAndMergedReadsAsOneCrawl() throws {
        let scratch = try ScratchDirectory()
        let (list, policy) = try makeFleet(in: scratch)
        XCTAssertEqual(try crawl(scratch, list: list, policy: policy, database: "one.sqlite").status, 0)
        for index in 0..<3 {
            let shard = try crawl(scratch, list: list, policy: policy, database: "shard\(index).sqlite", shard: "\(index)/3")
            XCTAssertEqual(shard.status, 0, shard.stderr)
            XCTAssertTrue(shard.stderr.contains("shard \(index)/3: "), shard.stderr)
            XCTAssertEqual(try query(scratch.path("shard\(index).sqlite"), "SELECT shard FROM run").rows, [[.text("\(index)/3")]])
        }
        // Every repository is in exactly one shard.
        var owners: [String: Int] = [:]
        for index in 0..<3 {
            for row in try query(scratch.path("shard\(index).sqlite"), "SELECT name FROM repository").rows {
                let name = try XCTUnwrap(row.first?.text)
                XCTAssertNil(owners[name], "\(name) is in shards \(owners[name] ?? -1) and \(index)")
                owners[name] = index
            }
        }
        XCTAssertEqual(owners.count, 9)

        let merged = try merge(scratch, into: "central.sqlite", ["shard0.sqlite", "shard1.sqlite", "shard2.sqlite"])
        XCTAssertEqual(merged.status, 0, merged.stdout + merged.stderr)
        XCTAssertTrue(merged.stdout.contains("9 repositories from 3 shards"), merged.stdout)
        XCTAssertEqual(try views(scratch.path("central.sqlite")), try views(scratch.path("one.sqlite")))
        XCTAssertFalse(try query(scratch.path("central.sqlite"), "SELECT * FROM current_findings").rows.isEmpty,
                       "the policy finds something to carry")
        XCTAssertEqual(try governance(scratch, database: "central.sqlite"), try governance(scratch, database: "one.sqlite"))
        XCTAssertEqual(try query(scratch.path("central.sqlite"), "SELECT COUNT(*), MIN(status), MIN(shard IS NULL) FROM run").rows,
                       [[.integer(1), .text("ok"), .integer(1)]], "one merged run")

        // A week later one repository moved on; the shards crawl again into the same files and merge into run 2,
        // sharing the commit and file scans the central inventory already holds.
        let moved = try GitFixture(at: scratch.path("svc4.git"))
        try moved.commit(texts: ["Dockerfile": "FROM alpine:3.20\n", "eng/common/build.Dockerfile":
                                    "FROM mcr.microsoft.com/dotnet/sdk:8.0\n"], on: "main")
        XCTAssertEqual(try crawl(scratch, list: list, policy: policy, database: "one.sqlite").status, 0)
        for index in 0..<3 {
            XCTAssertEqual(try crawl(scratch, list: list, policy: policy, database: "shard\(index).sqlite",
                                     shard: "\(index)/3").status, 0)
        }
        let again = try merge(scratch, into: "central.sqlite", ["shard0.sqlite", "shard1.sqlite", "shard2.sqlite"])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertEqual(try views(scratch.path("central.sqlite")), try views(scratch.path("one.sqlite")))
        XCTAssertEqual(try query(scratch.path("central.sqlite"), "SELECT COUNT(*) FROM run").rows, [[.integer(2)]])
        XCTAssertEqual(try query(scratch.path("central.sqlite"), "SELECT status, COUNT(*) FROM branch_scan WHERE run_id = 2 GROUP BY status ORDER BY status").rows,
                       try query(scratch.path("one.sqlite"), "SELECT status, COUNT(*) FROM branch_scan WHERE run_id = 2 GROUP BY status ORDER BY status").rows)
        // The merged run shares the findings run 1 already had, as the crawl of the whole fleet does: both
        // store a finding once for the runs that gave it.
        let stored = "SELECT COUNT(*) FROM finding_span"
        XCTAssertEqual(try query(scratch.path("central.sqlite"), stored).rows, try query(scratch.path("one.sqlite"), stored).rows)
        let perRun = try query(scratch.path("central.sqlite"), "SELECT COUNT(*) FROM finding").rows
        XCTAssertNotEqual(try query(scratch.path("central.sqlite"), stored).rows, perRun, "some findings are shared")
    }

    func testMergingTheSameShardsAgainChangesNothing() throws {
        let scratch = try ScratchDirectory()
        let (list, policy) = try makeFleet(in: scratch)
        for index in 0..<2 {
            XCTAssertEqual(try crawl(scratch, list: list, policy: policy, database: "s\(index).sqlite", shard: "\(index)/2").status, 0)
        }
        XCTAssertEqual(try merge(scratch, into: "central.sqlite", ["s0.sqlite", "s1.sqlite"]).status, 0)
        let counts = """
            SELECT (SELECT COUNT(*) FROM run), (SELECT COUNT(*) FROM repository), (SELECT COUNT(*) FROM branch),
                   (SELECT COUNT(*) FROM branch_scan), (SELECT COUNT(*) FROM repository_scan),
                   (SELECT COUNT(*) FROM commit_scan), (SELECT COUNT(*) FROM file_scan),
                   (SELECT COUNT(*) FROM file_reference), (SELECT COUNT(*) FROM commit_file),
                   (SELECT COUNT(*) FROM finding), (SELECT COUNT(*) FROM policy_evaluation),
                   (SELECT COUNT(*) FROM blob_facts), (SELECT COUNT(*) FROM merged_shard)
            """
        let before = try query(scratch.path("central.sqlite"), counts)

        // Again, in another order and with one inventory named twice (through a copy).
        try FileManager.default.copyItem(atPath: scratch.path("s0.sqlite"), toPath: scratch.path("copy.sqlite"))
        let again = try merge(scratch, into: "central.sqlite", ["s1.sqlite", "s0.sqlite", "copy.sqlite"])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("nothing to merge"), again.stdout)
        XCTAssertEqual(try query(scratch.path("central.sqlite"), counts), before)
        XCTAssertEqual(before.rows.first?.last, .integer(2), "one merged_shard row per shard run")
    }

    func testAFailedShardMakesThePartialMergedRunNameItsRepositories() throws {
        let scratch = try ScratchDirectory()
        let (list, policy) = try makeFleet(in: scratch, withMissing: true)
        _ = try crawl(scratch, list: list, policy: policy, database: "one.sqlite")
        var statuses: [Int32] = []
        for index in 0..<3 {
            statuses.append(try crawl(scratch, list: list, policy: policy, database: "s\(index).sqlite",
                                      shard: "\(index)/3").status)
        }
        XCTAssertEqual(statuses.sorted(), [0, 0, 3], "the shard owning missing.git is partial")

        let merged = try merge(scratch, into: "central.sqlite", ["s0.sqlite", "s1.sqlite", "s2.sqlite"])
        XCTAssertEqual(merged.status, 3, merged.stdout + merged.stderr)
        XCTAssertTrue(merged.stdout.contains("was partial: its repositories are recorded as it left them"), merged.stdout)
        XCTAssertTrue(merged.stdout.contains("1 repository failed:\n  missing: "), merged.stdout)
        XCTAssertEqual(try query(scratch.path("central.sqlite"), "SELECT status, repositories_total, repositories_failed FROM run").rows,
                       [[.text("partial"), .integer(10), .integer(1)]])
        XCTAssertEqual(try query(scratch.path("central.sqlite"),
                                 "SELECT r.name, s.status FROM repository_scan s JOIN repository r ON r.id = s.repository_id WHERE s.status <> 'ok'").rows,
                       [[.text("missing"), .text("failed")]])
        XCTAssertEqual(try views(scratch.path("central.sqlite")), try views(scratch.path("one.sqlite")))
    }

    func testARepositoryAShardCannotReachKeepsItsLastReferencesAndFindingsAsInOneCrawl() throws {
        let scratch = try ScratchDirectory()
        let (list, policy) = try makeFleet(in: scratch)
        for week in 1...2 {
            if week == 2 { try FileManager.default.removeItem(atPath: scratch.path("svc6.git")) }
            XCTAssertEqual(try crawl(scratch, list: list, policy: policy, database: "one.sqlite").status, week == 1 ? 0 : 3)
            for index in 0..<3 {
                _ = try crawl(scratch, list: list, policy: policy, database: "s\(index).sqlite", shard: "\(index)/3")
            }
            let merged = try merge(scratch, into: "central.sqlite", ["s0.sqlite", "s1.sqlite", "s2.sqlite"])
            XCTAssertEqual(merged.status, week == 1 ? 0 : 3, merged.stdout + merged.stderr)
            XCTAssertEqual(try views(scratch.path("central.sqlite")), try views(scratch.path("one.sqlite")), "week \(week)")
        }
        // svc6's release branch still judged (centos:7 is deprecated), from its last good scan.
        XCTAssertEqual(try query(scratch.path("central.sqlite"), """
            SELECT DISTINCT stale FROM current_findings WHERE repository = 'svc6' AND rule = 'deprecated-image'
            """).rows, [[.integer(1)]])
    }

    func testAShardOfTheSplitNotGivenMakesThePartialMergedRunSaySo() throws {
        let scratch = try ScratchDirectory()
        let (list, policy) = try makeFleet(in: scratch)
        for index in [0, 2] {
            XCTAssertEqual(try crawl(scratch, list: list, policy: policy, database: "s\(index).sqlite", shard: "\(index)/3").status, 0)
        }
        let merged = try merge(scratch, into: "central.sqlite", ["s0.sqlite", "s2.sqlite"])
        XCTAssertEqual(merged.status, 3, merged.stdout + merged.stderr)
        XCTAssertTrue(merged.stdout.contains("missing shards: 1/3"), merged.stdout)
        XCTAssertEqual(try query(scratch.path("central.sqlite"), "SELECT status FROM run").rows, [[.text("partial")]])
    }

    func testShardsJudgedByDifferentPoliciesAreRefusedUnlessTheMergeJudgesAnew() throws {
        let scratch = try ScratchDirectory()
        let (list, policy) = try makeFleet(in: scratch)
        let other = try scratch.write("other.yml", "standard:\n  - docker.io/library/ubuntu\n")
        XCTAssertEqual(try crawl(scratch, list: list, policy: policy, database: "s0.sqlite", shard: "0/2").status, 0)
        XCTAssertEqual(try crawl(scratch, list: list, policy: other, database: "s1.sqlite", shard: "1/2").status, 0)

        let refused = try merge(scratch, into: "central.sqlite", ["s0.sqlite", "s1.sqlite"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("cannot merge: \(scratch.path("s0.sqlite")) was judged by policy "), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("crawl every shard with the same policy.yml, or pass --policy"), refused.stderr)
        XCTAssertEqual(try query(scratch.path("central.sqlite"), "SELECT COUNT(*) FROM run").rows, [[.integer(0)]],
                       "nothing was merged")

        let judged = try merge(scratch, into: "central.sqlite", ["s0.sqlite", "s1.sqlite"], extra: ["--policy", policy,
                                                                                                  "--cache", scratch.path("mirrors")])
        XCTAssertEqual(judged.status, 0, judged.stdout + judged.stderr)
        XCTAssertEqual(try crawl(scratch, list: list, policy: policy, database: "one.sqlite").status, 0)
        XCTAssertEqual(try views(scratch.path("central.sqlite")), try views(scratch.path("one.sqlite")))
    }

    func testShardUsageErrorsExitTwo() throws {
        let scratch = try ScratchDirectory()
        let list = try scratch.write("repos.txt", "a.git\n")
        for bad in ["3/3", "1", "-1/3", "1/0", "a/b", "1/3/4", " 1/3"] {
            let result = try CensusRunner.run(["crawl", "--repos", list, "--db", scratch.path("c.sqlite"), "--shard=\(bad)"])
            XCTAssertEqual(result.status, 2, bad)
            XCTAssertTrue(result.stderr.contains("--shard must be I/N with 0 <= I < N, counting from 0"), result.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("c.sqlite")))
        let noShard = try CensusRunner.run(["merge", "--db", scratch.path("c.sqlite"), scratch.path("none.sqlite")])
        XCTAssertEqual(noShard.status, 2)
        XCTAssertTrue(noShard.stderr.contains("no shard inventory at"), noShard.stderr)
    }
}
