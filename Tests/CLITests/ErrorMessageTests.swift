import Foundation
import Git
import TestSupport
import XCTest

/// What the real binary prints when something goes wrong: the error alone, in the user's terms (the
/// file, the line of repos.txt, the repository), never a library's words or the usage text.
final class ErrorMessageTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
    }

    private func census(_ arguments: [String]) throws -> CensusRunner.Result {
        try CensusRunner.run(arguments, in: scratch.path)
    }

    /// A repository with two commits on `main`, so that history can be lost below its tip.
    private func product(named name: String) throws -> (fixture: GitFixture, first: ObjectID, tip: ObjectID) {
        let fixture = try GitFixture(in: scratch, named: name)
        let first = try fixture.commit(texts: ["Dockerfile": "FROM ubuntu:22.04\n", "eng/Dockerfile": "FROM alpine:3.20\n"])
        // Each repository's own bytes: a blob another repository also holds would be read from the facts
        // cache (content-addressed), not from this repository, and its loss would go unnoticed.
        let tip = try fixture.commit(texts: ["Dockerfile": "FROM ubuntu:24.04\n",
                                             "eng/Dockerfile": "FROM alpine:3.21\n# \(name)\n"])
        try fixture.setDefaultBranch("main")
        return (fixture, first, tip)
    }

    private func removeLooseObject(_ hex: String, in repository: String) throws {
        try FileManager.default.removeItem(atPath: repository + "/objects/\(hex.prefix(2))/\(hex.dropFirst(2))")
    }

    private func blob(_ path: String, at commit: ObjectID, in fixture: GitFixture) throws -> String {
        let repository = fixture.repository
        let tree = try repository.commitInfo(commit).tree
        return try XCTUnwrap(try repository.entryID(atPath: path, inTree: tree)).hex
    }

    // MARK: Runtime errors print the error alone

    func testAMissingDatabasePrintsItsErrorAloneWithoutTheUsageText() throws {
        let result = try census(["refs", "--db", "missing.sqlite"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "census: error: no inventory at missing.sqlite: run `census crawl` first or pass --db\n")
    }

    func testAMissingPolicyFoundWhileRunningPrintsNoUsageText() throws {
        try scratch.write("src/Dockerfile", "FROM ubuntu:22.04\n")
        let result = try census(["check", "src"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "census: error: no policy: pass --policy PATH or put a policy.yml in the current folder\n")
    }

    func testABadOptionIsAUsageErrorAndShowsTheCommandsUsage() throws {
        let result = try census(["refs", "--format", "xml"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix("census: error: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("Usage: census refs"), result.stderr)
    }

    // MARK: Messages in census's terms

    func testSeveralStatementsInOneQuerySayOneStatementPerCommand() throws {
        XCTAssertEqual(try census(["demo", "--dir", "demo"]).status, 0)
        let countRuns = ["sql", "--db", "demo/census.sqlite", "--format", "csv", "SELECT count(*) AS n FROM run"]
        let before = try census(countRuns).stdout
        XCTAssertEqual(before.split(whereSeparator: \.isNewline), ["n", "4"], "the demo records four weekly runs")
        let result = try census(["sql", "--db", "demo/census.sqlite", "SELECT 1; DELETE FROM run"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("the query holds more than one statement; census sql runs one statement "
                                             + "at a time"), result.stderr)
        XCTAssertFalse(result.stderr.contains("Database.execute"), result.stderr)
        XCTAssertEqual(try census(countRuns).stdout, before, "nothing was deleted")
    }

    func testADamagedDatabaseIsNamedOnceInOneClearMessage() throws {
        try scratch.write("census.sqlite", String(repeating: "not a database at all\n", count: 100))
        try scratch.write("repos.txt", "\(scratch.path("nowhere.git"))\n")
        for command in [["refs"], ["crawl", "--cache", scratch.path("mirrors")]] {
            let result = try census(command + ["--db", "census.sqlite"])
            XCTAssertEqual(result.status, 2, "\(command)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("census: error: census.sqlite is not an SQLite database"), result.stderr)
            XCTAssertFalse(result.stderr.contains("file is not a database"), result.stderr)
        }
    }

    func testADatabasePathThatIsAFolderIsSaidOnce() throws {
        try scratch.write("inventory/readme.txt", "")
        try scratch.write("repos.txt", "\(scratch.path("nowhere.git"))\n")
        for command in [["refs"], ["crawl", "--cache", scratch.path("mirrors")]] {
            let result = try census(command + ["--db", "inventory"])
            XCTAssertEqual(result.status, 2, "\(command)")
            XCTAssertEqual(result.stderr, "census: error: cannot open inventory database inventory: it is a folder; "
                           + "give the database file\n", "\(command)")
        }
    }

    func testADatabaseInAMissingFolderNamesTheFolder() throws {
        try scratch.write("repos.txt", "\(scratch.path("nowhere.git"))\n")
        let result = try census(["crawl", "--db", "no/such/census.sqlite", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "census: error: cannot open inventory database no/such/census.sqlite: "
                       + "folder no/such does not exist\n")
    }

    func testAMissingLocalRepositoryIsANoSuchFolderNamingTheLineOfReposTxt() throws {
        let list = try scratch.write("repos.txt", "# fleet\n\(scratch.path("gone.git")) team=a\n\(scratch.path("notes")) team=b\n")
        try scratch.write("notes/readme.txt", "not a repository\n")
        let result = try census(["crawl", "--repos", list, "--db", "c.sqlite", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stdout.contains("  gone: \(list):2: no such folder \(scratch.path("gone.git"))"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  notes: \(list):3: \(scratch.path("notes")) is a folder but not a git repository"),
                      result.stdout)
        XCTAssertFalse(result.stdout.contains("URL protocol"), result.stdout)
    }

    func testScanningARevisionOfAFolderThatIsNoRepositorySpeaksOfTheUsersFolder() throws {
        try scratch.write("src/Dockerfile", "FROM ubuntu:22.04\n")
        let result = try census(["scan", "src", "--rev", "main"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "census: error: src is not a git repository: --rev reads a revision of one "
                       + "(without --rev, the folder's files are scanned)\n")
        XCTAssertFalse(result.stderr.contains("mirror"), result.stderr)
    }

    func testAnUnreadableRepositoryListSaysWhy() throws {
        try scratch.write("lists/readme.txt", "")
        for (list, reason) in [("lists", "it is a folder, not a file"), ("none.txt", "no such file")] {
            let result = try census(["crawl", "--repos", list, "--db", "c.sqlite"])
            XCTAssertEqual(result.status, 2)
            XCTAssertEqual(result.stderr, "census: error: cannot read repository list \(list): \(reason)\n")
        }
    }

    func testAnUnreadablePolicySaysWhyInTheUsersWords() throws {
        try scratch.write("policies/readme.txt", "")
        try scratch.write("repos.txt", "product.git\n")
        for (policy, reason) in [("policies", "it is a folder, not a file"), ("none.yml", "no such file")] {
            let result = try census(["crawl", "--repos", "repos.txt", "--db", "c.sqlite", "--policy", policy])
            XCTAssertEqual(result.status, 2)
            XCTAssertEqual(result.stderr, "census: error: \(scratch.path(policy)): cannot read policy: \(reason)\n")
        }
    }

    func testShallowPartialAndDamagedLocalRepositoriesSayWhatIsWrongAndWhatToDo() throws {
        // As `git clone --depth 1` leaves it: the tip is listed in `shallow`, its parent is not there.
        // Census reads the tips only, so that alone is fine; here a blob of the tip is lost as well.
        let shallow = try product(named: "shallow.git")
        try scratch.write("shallow.git/shallow", shallow.tip.hex + "\n")
        try removeLooseObject(shallow.first.hex, in: shallow.fixture.path)
        let shallowLost = try blob("eng/Dockerfile", at: shallow.tip, in: shallow.fixture)
        try removeLooseObject(shallowLost, in: shallow.fixture.path)
        // As `git clone --filter=blob:none` leaves it: blobs missing, promised by the origin remote.
        let partial = try product(named: "partial.git")
        try removeLooseObject(try blob("eng/Dockerfile", at: partial.tip, in: partial.fixture), in: partial.fixture.path)
        let config = try String(contentsOfFile: partial.fixture.path + "/config", encoding: .utf8)
        try scratch.write("partial.git/config", config + "[remote \"origin\"]\n\turl = https://example.invalid/partial.git\n"
                          + "\tpromisor = true\n\tpartialclonefilter = blob:none\n")
        // A whole clone that lost an object.
        let damaged = try product(named: "damaged.git")
        let lost = try blob("eng/Dockerfile", at: damaged.tip, in: damaged.fixture)
        try removeLooseObject(lost, in: damaged.fixture.path)
        // A shallow clone missing nothing its tip needs is read like any other.
        let whole = try product(named: "whole-shallow.git")
        try scratch.write("whole-shallow.git/shallow", whole.tip.hex + "\n")
        try removeLooseObject(whole.first.hex, in: whole.fixture.path)
        let list = try scratch.write("repos.txt", "shallow.git\npartial.git\ndamaged.git\nwhole-shallow.git\n")

        let result = try census(["crawl", "--repos", list, "--db", "c.sqlite", "--cache", scratch.path("mirrors")])
        XCTAssertEqual(result.status, 3)
        // Each failed branch is named as the crawl goes, with what is wrong and what to do.
        let output = result.stdout + result.stderr
        XCTAssertTrue(output.contains("branch failed: main: the git repository at \(shallow.fixture.path) is a "
                                             + "shallow clone (its history stops early; object \(shallowLost) is not in "
                                             + "it): run `git -C \(shallow.fixture.path) fetch --unshallow`"), output)
        XCTAssertTrue(output.contains("branch failed: main: the git repository at \(partial.fixture.path) is a "
                                             + "partial clone"), output)
        XCTAssertTrue(output.contains("clone it again without --filter"), output)
        XCTAssertTrue(output.contains("branch failed: main: the git repository at \(damaged.fixture.path) is "
                                             + "damaged: object \(lost) is missing. Run `git -C \(damaged.fixture.path) "
                                             + "fsck`"), output)
        XCTAssertTrue(output.contains("ok whole-shallow: 1 branch, 2 references"), output)
        for text in [result.stdout, result.stderr] {
            XCTAssertFalse(text.contains("libgit2"), text)
            XCTAssertFalse(text.contains("mirror"), "the user's repository is at fault, and has no mirror: \(text)")
        }

        // Scanning the partial clone's tip, as the user named it, says the same.
        let scan = try census(["scan", "partial.git", "--rev", partial.tip.hex])
        XCTAssertEqual(scan.status, 2)
        XCTAssertTrue(scan.stderr.hasPrefix("census: error: the git repository at partial.git is a partial clone"), scan.stderr)
    }

    // MARK: Unknown names

    func testAnUnknownRepositoryIsAnErrorNamingTheSimilarOnes() throws {
        XCTAssertEqual(try census(["demo", "--dir", "demo"]).status, 0)
        let typo = try census(["refs", "--db", "demo/census.sqlite", "--repo", "dotnet/runtme"])
        XCTAssertEqual(typo.status, 2)
        XCTAssertEqual(typo.stderr, "census: error: no repository named \"dotnet/runtme\" is in the inventory "
                       + "(similar repositories: dotnet/runtime)\n")
        let unknown = try census(["refs", "--db", "demo/census.sqlite", "--repo", "nope"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no repository named \"nope\" is in the inventory (repositories: dotnet/arcade, "),
                      unknown.stderr)
        // A known repository whose references the other filters exclude is an empty list, not an error.
        let none = try census(["refs", "--db", "demo/census.sqlite", "--repo", "dotnet/runtime", "--image", "nothing*",
                               "--format", "json"])
        XCTAssertEqual(none.status, 0, none.stderr)
    }
}
