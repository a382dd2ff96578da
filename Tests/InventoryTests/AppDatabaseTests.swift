import Extraction
import Foundation
import Inventory
import XCTest

final class AppDatabaseTests: XCTestCase {
    func testMigrationsCreateEveryTableAndViewInAnEmptyDatabase() throws {
        let folder = try Fixtures.scratchDirectory(for: self)
        let database = try AppDatabase(path: folder.appendingPathComponent("census.sqlite").path)
        let names = try database.column(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
        XCTAssertEqual(names, [
            "blob_facts", "branch", "branch_history", "branch_scan", "catalog", "catalog_sync", "catalog_tag",
            "commit_codeowners", "commit_file", "commit_file_entry", "commit_scan", "current_branches", "current_findings",
            "current_references", "file_reference", "file_scan", "file_warning", "finding", "finding_span", "findings_by_run",
            "grdb_migrations", "image_usage", "inventory_identity", "merged_shard", "migration_change", "policy_evaluation",
            "reference", "repository", "repository_scan",
            "run", "run_branches", "run_findings", "run_references", "run_week", "scan_warning", "tree_candidates",
            "weekly_findings", "weekly_trend",
        ])
        XCTAssertEqual(try database.column("SELECT identifier FROM grdb_migrations ORDER BY rowid"),
                       ["v1-inventory", "v2-policy", "v3-report-views", "v4-file-scans", "v5-run-outcomes",
                        "v6-image-lifecycle", "v7-image-usage-without-downloads", "v8-migration-changes", "v9-shards",
                        "v10-catalog-sync-state",
                        "v11-shared-findings", "v12-evaluation-reuse", "v13-commit-file-entries"])
    }

    func testReopeningAMigratedDatabaseKeepsItsDataAndAppliesNothingTwice() throws {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        do {
            let database = try AppDatabase(path: path)
            _ = try database.startRun(at: Fixtures.day1)
        }
        let reopened = try AppDatabase(path: path)
        XCTAssertEqual(try reopened.latestRuns(limit: 10).map(\.id), [1])
        XCTAssertEqual(try reopened.column("SELECT count(*) FROM grdb_migrations"), ["13"])
    }

    func testDiskDatabaseUsesWriteAheadLoggingSoReadsNeverWaitForTheCrawl() throws {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let database = try AppDatabase(path: path)
        _ = try database.startRun(at: Fixtures.day1)
        // Bytes 18 and 19 of the SQLite header are the file format versions: 2 means WAL.
        let header = try XCTUnwrap(FileHandle(forReadingAtPath: path)).readData(ofLength: 20)
        XCTAssertEqual(Array(header.suffix(2)), [2, 2])
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    /// A commit writes the log back into the file only past about 16 MiB, not SQLite's default 1,000 pages
    /// (4 MiB): four commits of about 3 MiB each all stay in the log.
    func testTheWriteAheadLogIsWrittenBackOnlyWhenLarge() throws {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let database = try AppDatabase(path: path)
        let large = FileFacts(references: [], definitions: [], includes: [],
                              warnings: [ExtractionWarning(line: 1, message: String(repeating: "x", count: 3_000))])
        for batch in 0..<4 {
            let facts = Dictionary(uniqueKeysWithValues: (0..<1_000).map { (String(format: "%08x%032x", batch, $0), large) })
            try database.storeFacts(facts, kind: "dockerfile", version: 1)
        }
        let logBytes = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
        XCTAssertGreaterThan(logBytes, 11_000_000)
    }

    func testOpeningInAMissingFolderNamesThePathAndTheFolder() throws {
        let path = "/nonexistent-census-folder/sub/census.sqlite"
        XCTAssertThrowsError(try AppDatabase(path: path)) { error in
            guard case InventoryError.cannotOpen(let failedPath, let reason) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(failedPath, path)
            XCTAssertTrue(reason.contains("folder /nonexistent-census-folder/sub does not exist"), reason)
            XCTAssertTrue("\(error)".contains(path))
        }
    }

    func testOpeningAFileThatIsNotADatabaseIsRefusedWithItsPath() throws {
        let file = try Fixtures.scratchDirectory(for: self).appendingPathComponent("repos.txt")
        try Data(String(repeating: "https://github.com/dotnet/arcade branches=main\n", count: 40).utf8).write(to: file)
        for open in [{ try AppDatabase(path: file.path) }, { try AppDatabase.openForReading(path: file.path) }] {
            XCTAssertThrowsError(try open()) { error in
                XCTAssertEqual(error as? InventoryError, .notADatabase(path: file.path))
                // Said once, in census's words, without SQLite's own message.
                XCTAssertFalse("\(error)".contains("file is not a database"), "\(error)")
            }
        }
        // Writing the log back finds nothing to write: no second message after the command's error.
        XCTAssertNoThrow(try AppDatabase.leaveWhole(path: file.path))
    }

    func testOpeningAFolderSaysItIsAFolder() throws {
        let folder = try Fixtures.scratchDirectory(for: self).path
        XCTAssertThrowsError(try AppDatabase.openForReading(path: folder)) { error in
            XCTAssertEqual(error as? InventoryError, .cannotOpen(path: folder, reason: "it is a folder; give the database file"))
        }
    }

    func testInMemoryDatabasesAreIndependent() throws {
        let first = try AppDatabase.inMemory()
        let second = try AppDatabase.inMemory()
        _ = try first.startRun(at: Fixtures.day1)
        XCTAssertEqual(try first.latestRuns(limit: 5).count, 1)
        XCTAssertEqual(try second.latestRuns(limit: 5).count, 0)
    }

    func testDatabasesOpenedAtOnceByManyWritersAreMigratedOnce() throws {
        let folder = try Fixtures.scratchDirectory(for: self)
        for attempt in 0..<8 {
            let path = folder.appendingPathComponent("race-\(attempt).sqlite").path
            let failures = LockedBox<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    _ = try AppDatabase(path: path)
                } catch {
                    failures.value.append("\(error)")
                }
            }
            XCTAssertEqual(failures.value, [], "attempt \(attempt)")
        }
    }
}
