import Foundation
import Inventory
import TestSupport
import XCTest

/// `census migrate` as a user runs it, over a real crawl: the plan, `--suggested`, `--commit`, and patches
/// that `git am` applies to give exactly the verified commit.
final class MigrateCommandTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var product: GitFixture!
    static let centos = "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7"
    static let azure = "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64"

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        product = try GitFixture(in: scratch, named: "product.git")
        try product.commit(texts: [
            "eng/Dockerfile": "ARG BASE=\(Self.centos)\r\nFROM ${BASE}\r\n",
            "eng/ci.yml": "jobs:\n- job: a\n  container: \(Self.centos)\n- job: b\n  container: ubuntu:24.04",
        ], on: "main")
        try product.commit(texts: ["eng/ci.yml": "jobs:\n- job: a\n  container: \(Self.centos)\n"], on: "release/1.0")
        try product.setDefaultBranch("main")
        try scratch.write("repos.txt", "product.git team=runtime branches=main,release/*\n")
        try scratch.write("policy.yml", """
            standard: [mcr.microsoft.com/dotnet-buildtools/prereqs]
            deprecated:
              - match: "\(Self.centos)*"
                reason: CentOS 7 is end of life
                replacement: \(Self.azure)
            """)
        let crawl = try census(["crawl", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(crawl.status, 0, crawl.stderr)
    }

    private func census(_ arguments: [String]) throws -> CensusRunner.Result {
        try CensusRunner.run(arguments + ["--db", scratch.path("census.sqlite")], in: scratch.path)
    }

    func testThePlanListsEveryBranchsEditsAsDiffsAndCreatesNothing() throws {
        let result = try census(["migrate", "--from", "*centos-7*", "--to", Self.azure, "--format", "markdown",
                                 "--cache", scratch.path("mirrors")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("# Migration plan: Move *centos-7* to \(Self.azure)\n\n"
            + "2 branches looked at; 2 verified changes (3 usages moved); 0 usages left alone; 0 not offered.\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("## product @ main\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("## product @ release/1.0\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("""
            --- a/eng/Dockerfile
            +++ b/eng/Dockerfile
            @@ -1,2 +1,2 @@
            -ARG BASE=\(Self.centos)\r
            +ARG BASE=\(Self.azure)\r
             FROM ${BASE}\r
            """), result.stdout)
        XCTAssertTrue(result.stdout.contains("| eng/Dockerfile:2 | `dockerfile/from` | `\(Self.centos)` | `\(Self.azure)` | eng/Dockerfile:1 |"),
                      result.stdout)
        let refs = try GitFixture(at: scratch.path("product.git")).repository.references()
        XCTAssertFalse(refs.keys.contains { $0.hasPrefix("refs/heads/census/") }, "\(refs.keys)")
    }

    func testSuggestedReplacementsBecomePatchesThatGitAmAppliesExactly() throws {
        let result = try census(["migrate", "--suggested", "--patch-dir", scratch.path("patches"), "--commit",
                                 "--author", "Platform Team <platform@example.com>", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").map { ($0 as NSString).lastPathComponent },
                       ["product--main.patch", "product--release-1.0.patch"])
        let patch = try String(contentsOfFile: scratch.path("patches/product--main.patch"), encoding: .utf8)
        XCTAssertTrue(patch.contains("From: Platform Team <platform@example.com>\n"), patch)
        XCTAssertTrue(patch.contains("Subject: [PATCH] Move images to their suggested replacements\n"), patch)
        XCTAssertTrue(patch.contains("- eng/ci.yml:3 \(Self.centos) → \(Self.azure)\n"), patch)

        // The patch, applied by git to a clone at the scanned commit, gives exactly the tree of the verified commit
        // (`--keep-cr`: the Dockerfile has CRLF lines, which `git am` would otherwise strip from the mail).
        let clone = scratch.path("clone")
        try git(["clone", "-q", "--branch", "main", scratch.path("product.git"), clone])
        try git(["-C", clone, "-c", "user.name=t", "-c", "user.email=t@example.com", "am", "-q", "--keep-cr",
                 scratch.path("patches/product--main.patch")])
        let applied = try git(["-C", clone, "rev-parse", "HEAD^{tree}"])
        // The crawl reads the local repository where it is, so `--commit` puts its branch there.
        let verified = try git(["--git-dir", scratch.path("product.git"), "rev-parse",
                                "refs/heads/census/migrate/suggested/main^{tree}"])
        XCTAssertEqual(applied, verified)
        XCTAssertEqual(try git(["--git-dir", scratch.path("product.git"), "show",
                                "refs/heads/census/migrate/suggested/main:eng/ci.yml"]),
                       "jobs:\n- job: a\n  container: \(Self.azure)\n- job: b\n  container: ubuntu:24.04")
    }

    func testTheJSONPlanGoesToTheOutFolder() throws {
        let result = try census(["migrate", "--from", "*centos-7*", "--to", Self.azure, "--branch", "release/*",
                                 "--format", "json", "--out", scratch.path("plan"), "--cache", scratch.path("mirrors"),
                                 "--name", "azl3", "--message", "Move the release branches to Azure Linux 3.0", "--commit"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, scratch.path("plan/migration-plan.json") + "\n")
        let data = try Data(contentsOf: URL(fileURLWithPath: scratch.path("plan/migration-plan.json")))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let branches = try XCTUnwrap(json["branches"] as? [[String: Any]])
        XCTAssertEqual(branches.map { $0["branch"] as? String }, ["release/1.0"])
        XCTAssertEqual(branches.first?["verification"] as? String, "passed")
        let changes = try XCTUnwrap(branches.first?["changes"] as? [[String: Any]])
        XCTAssertEqual(changes.map { "\($0["path"] ?? ""):\($0["line"] ?? "")" }, ["eng/ci.yml:3"])
        XCTAssertEqual(branches.first?["createdBranch"] as? String, "census/migrate/azl3/release/1.0")
        XCTAssertTrue((branches.first?["message"] as? String)?.hasPrefix("Move the release branches to Azure Linux 3.0\n\n") ?? false)
        XCTAssertTrue(branches.first?["note"] is NSNull, "the inventory and this scan agree")

        // --commit records the change (not pushed, no patch), based on the crawl's run.
        let recorded = try AppDatabase.openForReading(path: scratch.path("census.sqlite")).migrationChanges()
        XCTAssertEqual(recorded.map(\.branch), ["release/1.0"])
        XCTAssertEqual(recorded.first?.proposedBranch, "census/migrate/azl3/release/1.0")
        XCTAssertEqual(recorded.first?.pushed, false)
        XCTAssertEqual(recorded.first?.runID, 1)
        XCTAssertEqual(recorded.first?.newCommit, branches.first?["commit"] as? String)
    }

    func testUsageErrorsExitWithTwo() throws {
        for arguments in [["migrate"], ["migrate", "--from", "x"], ["migrate", "--suggested", "--to", "x"],
                          ["migrate", "--from", "*", "--to", "two words"], ["migrate", "--from", "[", "--to", "x"],
                          ["migrate", "--from", "*", "--to", "x", "--author", "nobody"]] {
            let result = try census(arguments + ["--cache", scratch.path("mirrors")])
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("census: error: "), result.stderr)
        }
        let none = try census(["migrate", "--from", "*", "--to", "x", "--repo", "nope", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("no current branch in repository nope"), none.stderr)
    }

    func testABranchWhoseRepositoryIsGoneIsNamedAndTheExitCodeIsThree() throws {
        try FileManager.default.moveItem(atPath: scratch.path("product.git"), toPath: scratch.path("moved.git"))
        let result = try census(["migrate", "--from", "*centos-7*", "--to", Self.azure, "--format", "json",
                                 "--cache", scratch.path("mirrors")])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("census: product@main: change not offered: no repository at "
                                             + "\(scratch.path("product.git")) any more"), result.stderr)
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
        XCTAssertEqual(process.terminationStatus, 0, "git \(arguments): \(String(decoding: errors, as: UTF8.self))")
        let text = String(decoding: data, as: UTF8.self)
        return text.hasSuffix("\n") && arguments.contains("rev-parse") ? String(text.dropLast()) : text
    }
}
