import Foundation
import TestSupport
import XCTest

/// Commands that only read never create, migrate or change a database; commands that write leave the
/// whole inventory in the database file when they return.
final class ReadOnlyCommandsTests: XCTestCase {
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        let product = try GitFixture(in: scratch, named: "product.git")
        try product.commit(texts: ["Dockerfile": "FROM ubuntu:16.04\n"], on: "main")
        try product.setDefaultBranch("main")
        let prereqs = try GitFixture(in: scratch, named: "prereqs.git")
        try prereqs.commit(texts: ["manifest.json": """
            { "registry": "mcr.microsoft.com", "repos": [ { "name": "dotnet-buildtools/prereqs", "images": [
              { "platforms": [ { "dockerfile": "x", "os": "linux", "tags": { "ubuntu-22.04": {} } } ] } ] } ] }
            """])
        try scratch.write("repos.txt", "product.git team=a\n")
        try scratch.write("policy.yml", """
            standard: [mcr.microsoft.com/dotnet-buildtools/prereqs]
            approvedBaseImages: [mcr.microsoft.com/azurelinux/base/core]
            catalogs:
              - repository: mcr.microsoft.com/dotnet-buildtools/prereqs
                git: \(prereqs.path)
            """)
        try scratch.write("src/Dockerfile", "FROM ubuntu:22.04\n")
    }

    private func census(_ arguments: [String], db: String) throws -> CensusRunner.Result {
        try CensusRunner.run(arguments + ["--db", db], in: scratch.path)
    }

    /// Every command that only reads the inventory, as a user runs it.
    private var readingCommands: [[String]] {
        [
            ["refs"], ["refs", "--format", "table"],
            ["sql", "SELECT count(*) FROM run"],
            ["report", "governance", "--out", scratch.path("out")],
            ["report", "outreach", "--out", scratch.path("out")],
            ["report", "migration", "--from", "*ubuntu*", "--out", scratch.path("out")],
            ["diff"],
            ["explain", "ubuntu:16.04"],
            ["check", "src"],
            ["catalog", "show", "mcr.microsoft.com/dotnet-buildtools/prereqs"],
        ]
    }

    private func folderListing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted()
    }

    private func sqlite(_ file: String, _ statements: String) throws {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
                            file, statements]
        try python.run()
        python.waitUntilExit()
        XCTAssertEqual(python.terminationStatus, 0)
    }

    func testReadingCommandsLeaveTheDatabaseFileAndItsFolderAsTheyWere() throws {
        let db = scratch.path("census.sqlite")
        for _ in 0..<2 { XCTAssertEqual(try census(["crawl", "--cache", scratch.path("mirrors")], db: db).status, 0) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
        let listing = try folderListing()
        for command in readingCommands {
            let result = try census(command, db: db)
            XCTAssertTrue([0, 1].contains(result.status), "\(command): \(result.stderr)")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), bytes, "\(command) changed the database")
            XCTAssertEqual(try folderListing().filter { $0 != "out" }, listing, "\(command) left files")
        }
    }

    func testWritingCommandsLeaveTheWholeInventoryInTheDatabaseFile() throws {
        let db = scratch.path("census.sqlite")
        // A partial crawl (exit 3) too: the missing repository fails, the product is recorded.
        try scratch.write("repos.txt", "product.git team=a\nmissing.git team=b\n")
        XCTAssertEqual(try census(["crawl", "--cache", scratch.path("mirrors")], db: db).status, 3)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + "-wal"), "the log was left beside the database")
        XCTAssertEqual(try census(["catalog", "sync", "--cache", scratch.path("mirrors")], db: db).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + "-wal"))

        // The file alone, as a CI job uploads it, holds the run.
        try FileManager.default.createDirectory(atPath: scratch.path("artifact"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: db, toPath: scratch.path("artifact/census.sqlite"))
        let refs = try census(["refs", "--format", "json"], db: scratch.path("artifact/census.sqlite"))
        XCTAssertEqual(refs.status, 0, refs.stderr)
        XCTAssertTrue(refs.stdout.contains("\"image\" : \"ubuntu:16.04\""), refs.stdout)
        let catalog = try census(["catalog", "show", "mcr.microsoft.com/dotnet-buildtools/prereqs"],
                                 db: scratch.path("artifact/census.sqlite"))
        XCTAssertEqual(catalog.status, 0, catalog.stderr)
    }

    func testReadingCommandsRefuseAFileThatIsNotAnInventoryAndLeaveItAlone() throws {
        let other = scratch.path("other.sqlite")
        try sqlite(other, "CREATE TABLE foo (x); INSERT INTO foo VALUES (1);")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: other))
        for command in readingCommands + [["crawl", "--cache", scratch.path("mirrors")]] {
            let result = try census(command, db: other)
            XCTAssertEqual(result.status, 2, "\(command): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains("\(other) is not a census inventory: it has tables foo"),
                          "\(command): \(result.stderr)")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: other)), bytes, "\(command) changed the file")
        }
    }

    func testReadingCommandsOnAMissingFileCreateNothing() throws {
        let missing = scratch.path("missing.sqlite")
        for command in readingCommands where command.first != "explain" && command.first != "check" {
            let result = try census(command, db: missing)
            XCTAssertEqual(result.status, 2, "\(command)")
            XCTAssertTrue(result.stderr.contains("no inventory at \(missing)"), "\(command): \(result.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: missing), "\(command) created the file")
        }
    }

    func testAnInventoryAtAnOlderSchemaSaysWhichCommandUpgradesIt() throws {
        let old = scratch.path("old.sqlite")
        try sqlite(old, """
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            INSERT INTO grdb_migrations VALUES ('v1-inventory');
            """)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: old))
        let result = try census(["refs"], db: old)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("was written by an older census (it lacks the v2-policy migration); "
                                             + "run `census crawl --db \(old)`"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: old)), bytes)
    }
}
