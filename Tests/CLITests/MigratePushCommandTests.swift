import Foundation
import Inventory
import TestSupport
import XCTest

/// `census migrate --push` end to end, over the real loopback smart-HTTP server of
/// `scripts/servers/git-http.sh` (pushes accepted below `private/` for `x-access-token` with
/// `CENSUS_TEST_GIT_TOKEN`): crawl over HTTP, push each verified change, fetch the pushed branch back
/// with git and re-scan it with census, and read what the inventory and the migration report say.
/// Skipped when no server was started (scripts/test.sh starts one).
final class MigratePushCommandTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var product: GitFixture!
    private var url = ""
    private var hostAndPort = ""
    private var token = ""
    private var servedFolder = ""
    static let centos = "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7"
    static let azure = "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64"
    static let mainFiles = [
        "eng/Dockerfile": "ARG BASE=\(centos)\r\nFROM ${BASE}\r\n",
        "eng/ci.yml": "jobs:\n- job: a\n  container: \(centos)\n- job: b\n  container: ubuntu:24.04",
        ".github/CODEOWNERS": "/eng/ @dotnet/runtime-infra\n",
    ]

    override func setUpWithError() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let base = environment["CENSUS_TEST_GIT_HTTP"], let root = environment["CENSUS_TEST_GIT_HTTP_ROOT"],
              let token = environment["CENSUS_TEST_GIT_TOKEN"] else {
            throw XCTSkip("no loopback git HTTP server (start one with scripts/servers/git-http.sh start)")
        }
        self.token = token
        hostAndPort = String(base.dropFirst("http://".count))
        let folder = "migrate-" + UUID().uuidString.lowercased()
        servedFolder = root + "/private/" + folder
        url = base + "/private/" + folder + "/product.git"
        scratch = try ScratchDirectory()
        product = try GitFixture(at: servedFolder + "/product.git")
        try product.commit(texts: Self.mainFiles, on: "main")
        try product.commit(texts: ["eng/ci.yml": "jobs:\n- job: a\n  container: \(Self.centos)\n"], on: "release/1.0")
        try product.setDefaultBranch("main")
        try scratch.write("repos.txt", "\(url) name=product team=runtime contact=runtime@example.com branches=main,release/*\n")
        let crawl = try census(["crawl", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(crawl.status, 0, crawl.stderr)
    }

    override func tearDownWithError() throws {
        if !servedFolder.isEmpty { try? FileManager.default.removeItem(atPath: servedFolder) }
    }

    private func census(_ arguments: [String], token: String? = nil) throws -> CensusRunner.Result {
        try CensusRunner.run(arguments + ["--db", scratch.path("census.sqlite")], in: scratch.path,
                             environment: ["CENSUS_GIT_TOKEN": token ?? self.token, "CENSUS_GIT_TOKEN_HOSTS": hostAndPort])
    }

    private func migrate(_ extra: [String] = [], token: String? = nil) throws -> CensusRunner.Result {
        try census(["migrate", "--from", "*centos-7*", "--to", Self.azure, "--name", "azl3", "--cache", scratch.path("mirrors")]
                   + extra, token: token)
    }

    /// The census/migrate branches of the served repository, read from its folder.
    private func proposedBranches() throws -> [String] {
        try product.repository.references().keys.filter { $0.hasPrefix("refs/heads/census/") }.sorted()
    }

    private func recorded() throws -> [MigrationChangeRecord] {
        try AppDatabase.openForReading(path: scratch.path("census.sqlite")).migrationChanges()
    }

    func testPushedChangesAreFetchedBackShowTheTargetAndAreRecordedAndReported() throws {
        let result = try migrate(["--push", "--format", "json", "--out", scratch.path("plan")])

        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try proposedBranches(), ["refs/heads/census/migrate/azl3/main", "refs/heads/census/migrate/azl3/release/1.0"])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, scratch.path("plan/migration-plan.json"))
        // 127.0.0.1 is no code host census knows: the branch and the pull-request text, no compare page.
        XCTAssertTrue(lines.contains("product@main: pushed census/migrate/azl3/main (pull request: "
                                     + scratch.path("plan/pull-requests/product--main.md") + ")"), result.stdout)

        // The pushed branch, fetched back by git and scanned by census, uses the target where centos-7 was.
        try git(["clone", "-q", "--bare", "--no-tags", "-c", "http.extraHeader=Authorization: Basic "
                 + Data("x-access-token:\(token)".utf8).base64EncodedString(), url, scratch.path("back.git")])
        let scan = try CensusRunner.run(["scan", scratch.path("back.git"), "--rev", "census/migrate/azl3/main", "--format", "json"])
        XCTAssertEqual(scan.status, 0, scan.stderr)
        let references = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(references.map { "\($0["path"] ?? ""):\($0["line"] ?? "") \($0["image"] ?? "")" },
                       ["eng/Dockerfile:2 \(Self.azure)", "eng/ci.yml:3 \(Self.azure)", "eng/ci.yml:5 ubuntu:24.04"])
        XCTAssertEqual(try git(["--git-dir", scratch.path("back.git"), "show", "census/migrate/azl3/main:eng/Dockerfile"]),
                       "ARG BASE=\(Self.azure)\r\nFROM ${BASE}\r\n")

        // The pull-request text names the owners from CODEOWNERS, in the file and in the JSON plan.
        let body = try String(contentsOfFile: scratch.path("plan/pull-requests/product--main.md"), encoding: .utf8)
        XCTAssertTrue(body.hasPrefix("# Move \(Self.centos) to \(Self.azure) on main\n\n"), body)
        XCTAssertTrue(body.contains("- @dotnet/runtime-infra: `eng/Dockerfile`, `eng/ci.yml` (CODEOWNERS, `.github/CODEOWNERS:1`)"), body)
        let plan = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: scratch.path("plan/migration-plan.json")))) as? [String: Any])
        let branches = try XCTUnwrap(plan["branches"] as? [[String: Any]])
        let push = try XCTUnwrap(branches.first { $0["branch"] as? String == "release/1.0" }?["push"] as? [String: Any])
        XCTAssertEqual(push["outcome"] as? String, "created")
        XCTAssertEqual(push["branch"] as? String, "census/migrate/azl3/release/1.0")
        XCTAssertTrue(push["compareURL"] is NSNull)
        let pullRequest = try XCTUnwrap(push["pullRequest"] as? [String: Any])
        XCTAssertTrue((pullRequest["body"] as? String)?.contains("- runtime: `eng/ci.yml` (team in repos.txt, contact runtime@example.com)") == true,
                      "\(pullRequest)")

        // The inventory records both changes, based on the crawl's run; the report says the usages are covered.
        let changes = try recorded()
        XCTAssertEqual(changes.map(\.branch), ["main", "release/1.0"])
        XCTAssertEqual(changes.map(\.pushed), [true, true])
        XCTAssertEqual(changes.map(\.runID), [1, 1])
        XCTAssertEqual(changes.first?.proposedBranch, "census/migrate/azl3/main")
        XCTAssertEqual(changes.first?.edits, [
            .init(file: "eng/Dockerfile", line: 1, from: Self.centos, to: Self.azure, usages: [.init(path: "eng/Dockerfile", line: 2)]),
            .init(file: "eng/ci.yml", line: 3, from: Self.centos, to: Self.azure, usages: [.init(path: "eng/ci.yml", line: 3)]),
        ])
        let report = try census(["report", "migration", "--from", "*centos-7*", "--format", "md", "--out", scratch.path("reports")])
        XCTAssertEqual(report.status, 0, report.stderr)
        let markdown = try String(contentsOfFile: report.stdout.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8)
        XCTAssertTrue(markdown.contains("`\(Self.centos)` (dockerfile/from) — change proposed (`census/migrate/azl3/main`)"), markdown)
        XCTAssertTrue(markdown.contains("`\(Self.centos)` (azure-pipelines/job-container) — change proposed (`census/migrate/azl3/release/1.0`)"),
                      markdown)

        // A new proposal (another message, so another commit) replaces the pushed branch, which the inventory
        // records as ours; a branch census cannot prove it wrote would be refused.
        let again = try migrate(["--push", "--format", "json", "--branch", "main", "--message", "Move to Azure Linux 3.0, again"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let replaced = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        let main = try XCTUnwrap((replaced["branches"] as? [[String: Any]])?.first)
        XCTAssertEqual((main["push"] as? [String: Any])?["outcome"] as? String, "replaced")
        XCTAssertEqual(try product.repository.references()["refs/heads/census/migrate/azl3/main"]?.hex, main["commit"] as? String)
        XCTAssertEqual(try recorded().map(\.branch), ["main", "release/1.0", "main"])
    }

    func testABranchThatMovedSinceTheScanIsNotPushedAndTheExitCodeIsThree() throws {
        var moved = Self.mainFiles
        moved["README.md"] = "moved on\n"
        try product.commit(texts: moved, on: "main")

        let result = try migrate(["--push", "--format", "json"])

        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("census: product@main: not pushed: branch main of \(url) moved since it was scanned"),
                      result.stderr)
        XCTAssertEqual(try proposedBranches(), ["refs/heads/census/migrate/azl3/release/1.0"])
        XCTAssertEqual(try recorded().map(\.branch), ["release/1.0"])
    }

    func testAWrongTokenPushesNothingRecordsNothingAndSaysSo() throws {
        let result = try migrate(["--push", "--format", "json"], token: "wrong-token-0000")

        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("census: product@main: not pushed: the server refused the token for \(hostAndPort): "
                                             + "nothing was pushed"), result.stderr)
        XCTAssertTrue(result.stderr.contains("census: product@release/1.0: not pushed: the server refused the token"), result.stderr)
        XCTAssertFalse(result.stderr.contains("wrong-token-0000") || result.stdout.contains("wrong-token-0000"))
        XCTAssertEqual(try proposedBranches(), [])
        XCTAssertEqual(try recorded(), [])
    }

    func testTheDryRunLeavesTheDatabaseByteForByteAndTheRemoteUntouched() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: scratch.path("census.sqlite")))

        let result = try migrate(["--format", "json"])

        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: scratch.path("census.sqlite"))), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("census.sqlite-wal")))
        XCTAssertEqual(try proposedBranches(), [])
    }

    func testPatchesAreRecordedWithTheirFiles() throws {
        let result = try migrate(["--patch-dir", scratch.path("patches")])

        XCTAssertEqual(result.status, 0, result.stderr)
        let changes = try recorded()
        XCTAssertEqual(changes.map(\.patchFile), [scratch.path("patches/product--main.patch"),
                                                  scratch.path("patches/product--release-1.0.patch")])
        XCTAssertEqual(changes.map(\.pushed), [false, false])
        XCTAssertEqual(changes.map(\.proposedBranch), [nil, nil])
    }

    @discardableResult
    private func git(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "git", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: String(decoding: errors, as: UTF8.self)])
        }
        return String(decoding: data, as: UTF8.self)
    }
}
