import Foundation
import Inventory
import TestSupport
import XCTest
import Yams

/// The examples under deploy/ parse, split the fleet the way their shard count says, merge and report;
/// the Kubernetes pods' own scripts are run here against a fleet of real git repositories.
final class DeployExamplesTests: XCTestCase {
    private static let deploy = ProjectDocumentsTests.root.appendingPathComponent("deploy")

    private func load(_ relative: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: Self.deploy.appendingPathComponent(relative), encoding: .utf8)
        return try Yams.load_all(yaml: text).compactMap { $0 as? [String: Any] }
    }

    private func only(_ relative: String) throws -> [String: Any] {
        let documents = try load(relative)
        XCTAssertEqual(documents.count, 1, relative)
        return try XCTUnwrap(documents.first, relative)
    }

    /// `dictionary[a][b]…`, or nil.
    private func value(_ root: Any?, _ path: String...) -> Any? {
        path.reduce(root) { node, key in
            if let index = Int(key), let list = node as? [Any] { return list.indices.contains(index) ? list[index] : nil }
            return (node as? [String: Any])?[key]
        }
    }

    private func shardsJobScript() throws -> (job: [String: Any], script: String) {
        let job = try only("kubernetes/shards.yaml")
        let script = try XCTUnwrap(value(job, "spec", "template", "spec", "containers", "0", "args", "0") as? String)
        return (job, script)
    }

    func testTheKubernetesIndexedJobGivesEachPodItsShardAndMirrorFolder() throws {
        let (job, script) = try shardsJobScript()
        XCTAssertEqual(job["kind"] as? String, "Job")
        XCTAssertEqual(value(job, "spec", "completionMode") as? String, "Indexed")
        let completions = try XCTUnwrap(value(job, "spec", "completions") as? Int)
        XCTAssertEqual(value(job, "spec", "parallelism") as? Int, completions)
        let container = try XCTUnwrap(value(job, "spec", "template", "spec", "containers", "0") as? [String: Any])
        let env = try XCTUnwrap(container["env"] as? [[String: Any]])
        let shardIndex = try XCTUnwrap(env.first { $0["name"] as? String == "SHARD_INDEX" })
        XCTAssertEqual(value(shardIndex, "valueFrom", "fieldRef", "fieldPath") as? String,
                       "metadata.annotations['batch.kubernetes.io/job-completion-index']")
        XCTAssertEqual(env.first { $0["name"] as? String == "SHARDS" }?["value"] as? String, "\(completions)",
                       "SHARDS is the Job's completions")
        XCTAssertTrue(script.contains("census crawl --shard \"$SHARD_INDEX/$SHARDS\""), script)
        let mounts = try XCTUnwrap(container["volumeMounts"] as? [[String: Any]])
        XCTAssertTrue(mounts.contains { $0["mountPath"] as? String == "/mirrors" && ($0["subPathExpr"] as? String)?.contains("$(SHARD_INDEX)") == true },
                      "a mirror folder per index")
        let merge = try only("kubernetes/merge.yaml")
        let mergeScript = try XCTUnwrap(value(merge, "spec", "template", "spec", "containers", "0", "args", "0") as? String)
        XCTAssertTrue(mergeScript.contains("census merge --db"), mergeScript)
        XCTAssertTrue(mergeScript.contains("census report governance"), mergeScript)
        XCTAssertEqual(try load("kubernetes/config.yaml").compactMap { $0["kind"] as? String }, ["ConfigMap", "PersistentVolumeClaim"])
    }

    func testTheGitHubActionsMatrixCoversEveryShardThenMergesAndReports() throws {
        let workflow = try only("github-actions/census-weekly.yml")
        let shards = try XCTUnwrap(Int(try XCTUnwrap(value(workflow, "env", "SHARDS") as? Int).description))
        XCTAssertEqual(value(workflow, "jobs", "shard", "strategy", "matrix", "index") as? [Int], Array(0..<shards))
        XCTAssertEqual(value(workflow, "jobs", "shard", "strategy", "fail-fast") as? Bool, false)
        let crawl = try XCTUnwrap(value(workflow, "jobs", "shard", "steps") as? [[String: Any]])
        XCTAssertTrue(crawl.contains { ($0["run"] as? String)?.contains("census crawl --shard \"${{ matrix.index }}/$SHARDS\"") == true })
        XCTAssertEqual(value(workflow, "jobs", "merge", "needs") as? String, "shard")
        XCTAssertEqual(value(workflow, "jobs", "merge", "if") as? String, "${{ !cancelled() }}")
        let runs = (try XCTUnwrap(value(workflow, "jobs", "merge", "steps") as? [[String: Any]])).compactMap { $0["run"] as? String }
        XCTAssertTrue(runs.contains { $0.contains("census merge --db census.sqlite shards/*.sqlite") }, "\(runs)")
        XCTAssertTrue(runs.contains { $0.contains("census report governance") }, "\(runs)")
    }

    func testTheAzurePipelinesMatrixCoversEveryShardThenMergesAndReports() throws {
        let pipeline = try only("azure-pipelines/census-weekly.yml")
        let shards = try XCTUnwrap(Int(try XCTUnwrap(value(pipeline, "variables", "shards") as? String)))
        let matrix = try XCTUnwrap(value(pipeline, "stages", "0", "jobs", "0", "strategy", "matrix") as? [String: [String: String]])
        XCTAssertEqual(matrix.values.compactMap { $0["shardIndex"] }.compactMap { Int($0) }.sorted(), Array(0..<shards))
        let crawl = try XCTUnwrap(value(pipeline, "stages", "0", "jobs", "0", "steps") as? [[String: Any]])
        XCTAssertTrue(crawl.contains { ($0["script"] as? String)?.contains("census crawl --shard \"$(shardIndex)/$(shards)\"") == true })
        XCTAssertEqual(value(pipeline, "stages", "1", "dependsOn") as? String, "crawl")
        XCTAssertEqual(value(pipeline, "stages", "1", "condition") as? String, "succeededOrFailed()")
        let scripts = (try XCTUnwrap(value(pipeline, "stages", "1", "jobs", "0", "steps") as? [[String: Any]]))
            .compactMap { $0["script"] as? String }
        XCTAssertTrue(scripts.contains { $0.contains("census merge --db") }, "\(scripts)")
        XCTAssertTrue(scripts.contains { $0.contains("census report governance") }, "\(scripts)")
    }

    /// The pods' scripts, with their volumes as folders of a scratch directory, crawl a fleet as the Job's
    /// shards, and the merge pod folds them into one run and writes the report; a second week merges again.
    func testTheKubernetesPodScriptsCrawlEveryShardAndMergeThemIntoOneRun() throws {
        let scratch = try ScratchDirectory()
        var lines: [String] = []
        for number in 1...6 {
            let repository = try GitFixture(in: scratch, named: "svc\(number).git")
            try repository.commit(texts: ["Dockerfile": "FROM alpine:3.\(number)\n"], on: "main")
            try repository.setDefaultBranch("main")
            lines.append(scratch.path("svc\(number).git") + " team=t\(number % 2)")
        }
        _ = try scratch.write("config/repos.txt", lines.joined(separator: "\n") + "\n")
        _ = try scratch.write("config/policy.yml", "standard:\n  - docker.io/library/alpine\n")
        let (job, shardScript) = try shardsJobScript()
        let shards = try XCTUnwrap(value(job, "spec", "completions") as? Int)
        let merge = try only("kubernetes/merge.yaml")
        let mergeScript = try XCTUnwrap(value(merge, "spec", "template", "spec", "containers", "0", "args", "0") as? String)
        func local(_ script: String, work: String) -> String {
            script.replacingOccurrences(of: "/config/", with: scratch.path("config") + "/")
                .replacingOccurrences(of: "/data/", with: scratch.path("data") + "/")
                .replacingOccurrences(of: "/data ", with: scratch.path("data") + " ")
                .replacingOccurrences(of: "/mirrors", with: scratch.path("mirrors"))
                .replacingOccurrences(of: "/work/", with: work + "/")
        }
        for week in 1...2 {
            for index in 0..<shards {
                let work = scratch.path("work-\(week)-\(index)")
                try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
                let status = try runShell(local(shardScript, work: work), environment: ["SHARD_INDEX": "\(index)",
                                                                                         "SHARDS": "\(shards)"])
                XCTAssertEqual(status, 0, "shard \(index)")
            }
            let work = scratch.path("work-\(week)-merge")
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            XCTAssertEqual(try runShell(local(mergeScript, work: work), environment: [:]), 0, "merge")
            let central = try AppDatabase.openForReading(path: scratch.path("data/census.sqlite"))
            XCTAssertEqual(try central.readOnlyQuery(sql: "SELECT COUNT(*), MAX(status), MAX(repositories_total) FROM run").rows,
                           [[.integer(Int64(week)), .text("ok"), .integer(6)]])
            XCTAssertEqual(try central.readOnlyQuery(sql: "SELECT COUNT(*) FROM merged_shard").rows,
                           [[.integer(Int64(week * shards))]])
        }
        let weeks = try FileManager.default.contentsOfDirectory(atPath: scratch.path("data/reports"))
        XCTAssertEqual(weeks.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.path("data/reports/\(weeks[0])/governance.md")))
    }

    /// Runs `script` with `sh -c`, the built census first on the PATH; returns its exit status.
    private func runShell(_ script: String, environment: [String: String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        var variables = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let bin = URL(fileURLWithPath: CensusRunner.executable).deletingLastPathComponent().path
        variables["PATH"] = bin + ":" + (variables["PATH"] ?? "/usr/bin:/bin")
        process.environment = variables
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
