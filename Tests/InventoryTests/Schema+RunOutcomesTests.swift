import Foundation
import GRDB
@testable import Inventory
import XCTest

/// The `v5-run-outcomes` migration over a database written by the `v4-file-scans` schema.
final class SchemaRunOutcomesTests: XCTestCase {
    /// One repository crawled in run 1, failed as a whole in run 2.
    private let v4Rows = """
        INSERT INTO run (id, started_at, finished_at, status, repositories_total, repositories_failed) VALUES
          (1, '2026-01-05 08:00:00.000', '2026-01-05 09:00:00.000', 'ok', 1, 0),
          (2, '2026-01-12 08:00:00.000', '2026-01-12 09:00:00.000', 'partial', 1, 1);
        INSERT INTO repository (id, name, url) VALUES (1, 'dotnet/arcade', 'https://github.com/dotnet/arcade');
        INSERT INTO branch (id, repository_id, name, first_seen_run_id, last_seen_run_id) VALUES (1, 1, 'main', 1, 1);
        INSERT INTO commit_scan (id, repository_id, commit_id, extraction_version, scanned_at, reference_count,
                                 warning_count)
        VALUES (1, 1, '\(String(repeating: "a", count: 40))', 'dockerfile=1', '2026-01-05 08:10:00.000', 0, 0);
        INSERT INTO branch_scan (run_id, branch_id, commit_id, commit_scan_id, status, error, scanned_at)
        VALUES (1, 1, '\(String(repeating: "a", count: 40))', 1, 'ok', NULL, '2026-01-05 08:10:00.000');
        INSERT INTO repository_scan (run_id, repository_id, status, error, duration_ms) VALUES
          (1, 1, 'ok', NULL, 10), (2, 1, 'failed', 'fetch failed', 20);
        """

    private func migratedFromV4() throws -> (database: AppDatabase, viewsBefore: [String]) {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(queue, upTo: "v4-file-scans")
        try queue.write { db in try db.execute(sql: v4Rows) }
        let views = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
        }
        try queue.close()
        return (try AppDatabase(path: path), views)
    }

    func testRepositoryScansAndViewsSurviveTheMigration() throws {
        let (database, viewsBefore) = try migratedFromV4()
        XCTAssertEqual(try database.column("""
            SELECT run_id || ' ' || status || ' ' || COALESCE(error, '-') || ' ' || duration_ms || ' ' ||
                   COALESCE(note, '-') FROM repository_scan ORDER BY run_id
            """), ["1 ok - 10 -", "2 failed fetch failed 20 -"])
        // `finding` became a view over `finding_span` in `v11-shared-findings`, `commit_file` one over
        // `commit_file_entry` in `v13-commit-file-entries`; every other view stays.
        XCTAssertEqual(try database.column("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name"),
                       (viewsBefore + ["commit_file", "finding"]).sorted())
        // The repository failed whole in run 2: its branch keeps run 1's scan, now marked stale.
        XCTAssertEqual(try database.column("SELECT branch || ' ' || run_id || ' ' || stale FROM current_branches"),
                       ["main 1 1"])
        XCTAssertEqual(try database.column("SELECT repositories_failed FROM weekly_trend ORDER BY run_id"), ["0", "1"])
    }

    func testPartialRepositoryCountsAsReachedAndAsFailedInTheTrend() throws {
        let (database, _) = try migratedFromV4()
        _ = try database.recordBranchScan(BranchScanRecord(runID: 2, repositoryID: 1, branch: "main", commit: nil,
                                                           status: .failed, error: "database or disk is full"))
        try database.recordRepositoryScan(runID: 2, repositoryID: 1, status: .partial,
                                          error: "1 of 1 branches failed: main", note: "mirror repaired",
                                          duration: .milliseconds(5))
        XCTAssertEqual(try database.column("SELECT latest_run_id || ' ' || stale FROM current_branches"), ["2 1"])
        XCTAssertEqual(try database.column("SELECT note FROM repository_scan WHERE run_id = 2"), ["mirror repaired"])
        XCTAssertEqual(try database.column("SELECT repositories_failed FROM weekly_trend ORDER BY run_id"), ["0", "1"])
        XCTAssertThrowsError(try database.recordRepositoryScan(runID: 2, repositoryID: 1, status: .partial, error: nil,
                                                               duration: .milliseconds(5)))
    }
}
