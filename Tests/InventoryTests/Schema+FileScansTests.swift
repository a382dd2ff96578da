import Extraction
import Foundation
import GRDB
@testable import Inventory
import XCTest

/// The `v4-file-scans` migration over a database written by the `v3-report-views` schema.
final class SchemaFileScansTests: XCTestCase {
    private let commitA = Fixtures.commit("a")
    private let commitB = Fixtures.commit("b")

    /// Two repositories over two runs, with findings, in the v3 tables. Ids have gaps so that kept ids
    /// cannot be told from renumbered ones.
    private var v3Rows: String {
        let centos = "'mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7'"
        let azure = "'mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0'"
        let ubuntu = "'docker.io/library/ubuntu:22.04'"
        return """
            INSERT INTO run (id, started_at, finished_at, status) VALUES
              (1, '2026-01-05 08:00:00.000', '2026-01-05 09:00:00.000', 'ok'),
              (2, '2026-01-12 08:00:00.000', '2026-01-12 09:00:00.000', 'ok');
            INSERT INTO repository (id, name, url, team, contact) VALUES
              (1, 'dotnet/arcade', 'https://github.com/dotnet/arcade', 'dnceng', 'dnceng@example.com'),
              (2, 'dotnet/runtime', 'https://github.com/dotnet/runtime', 'runtime', NULL);
            INSERT INTO branch (id, repository_id, name, first_seen_run_id, last_seen_run_id) VALUES
              (1, 1, 'main', 1, 2), (2, 1, 'release/9.0', 1, 2), (3, 2, 'main', 1, 2);
            INSERT INTO commit_scan (id, repository_id, commit_id, extraction_version, scanned_at, reference_count,
                                     warning_count) VALUES
              (1, 1, '\(commitA)', 'dockerfile=1', '2026-01-05 08:10:00.000', 3, 1),
              (2, 1, '\(commitB)', 'dockerfile=1', '2026-01-12 08:10:00.000', 2, 2),
              (3, 2, '\(commitA)', 'dockerfile=1', '2026-01-05 08:20:00.000', 1, 0);
            INSERT INTO reference (id, commit_scan_id, path, line, kind, context, raw, image, resolved, valid,
                                   normalized, registry, repository, tag, digest, reason) VALUES
              (10, 1, 'eng/Dockerfile', 1, 'dockerfile/from', NULL, \(centos), \(centos), 1, 1, \(centos),
               'mcr.microsoft.com', 'dotnet-buildtools/prereqs', 'centos-7', NULL, NULL),
              (11, 1, 'eng/ci.yml', 12, 'azure-pipelines/job-container', 'jobs[build]', '$(BuildImage)', NULL, 0, 0,
               NULL, NULL, NULL, NULL, NULL, '$(BuildImage) is a runtime variable'),
              (12, 1, 'eng/ci.yml', 30, 'azure-pipelines/container-resource', 'resources.containers[u]', 'ubuntu:22.04',
               'ubuntu:22.04', 1, 1, \(ubuntu), 'docker.io', 'library/ubuntu', '22.04', NULL, NULL),
              (20, 2, 'eng/Dockerfile', 1, 'dockerfile/from', NULL, \(azure), \(azure), 1, 1, \(azure),
               'mcr.microsoft.com', 'dotnet-buildtools/prereqs', 'azurelinux-3.0', NULL, NULL),
              (21, 2, 'eng/ci.yml', 12, 'azure-pipelines/job-container', 'jobs[build]', '$(BuildImage)', NULL, 0, 0,
               NULL, NULL, NULL, NULL, NULL, '$(BuildImage) is a runtime variable'),
              (30, 3, 'Dockerfile', 2, 'dockerfile/from', 'build', 'ubuntu', 'ubuntu', 1, 1,
               'docker.io/library/ubuntu:latest', 'docker.io', 'library/ubuntu', NULL, NULL, NULL);
            INSERT INTO scan_warning (id, commit_scan_id, path, line, message) VALUES
              (5, 1, 'eng/ci.yml', 7, 'unknown template syntax'),
              (8, 2, 'big.yml', NULL, 'skipped: over the size limit'),
              (9, 2, 'eng/ci.yml', 7, 'unknown template syntax');
            INSERT INTO branch_scan (run_id, branch_id, commit_id, commit_scan_id, status, error, scanned_at) VALUES
              (1, 1, '\(commitA)', 1, 'ok', NULL, '2026-01-05 08:10:00.000'),
              (1, 2, '\(commitA)', 1, 'ok', NULL, '2026-01-05 08:10:00.000'),
              (1, 3, '\(commitA)', 3, 'ok', NULL, '2026-01-05 08:20:00.000'),
              (2, 1, '\(commitB)', 2, 'ok', NULL, '2026-01-12 08:10:00.000'),
              (2, 2, '\(commitA)', 1, 'unchanged', NULL, '2026-01-12 08:10:00.000'),
              (2, 3, NULL, NULL, 'failed', 'fetch failed', '2026-01-12 08:20:00.000');
            INSERT INTO repository_scan (run_id, repository_id, status, error, duration_ms) VALUES
              (1, 1, 'ok', NULL, 10), (1, 2, 'ok', NULL, 10), (2, 1, 'ok', NULL, 10), (2, 2, 'ok', NULL, 10);
            INSERT INTO policy_evaluation (run_id, policy_hash, evaluated_at) VALUES
              (1, 'p1', '2026-01-05 09:00:00.000'), (2, 'p1', '2026-01-12 09:00:00.000');
            INSERT INTO finding (id, run_id, reference_id, rule, severity, message, suggestion, explanation,
                                 policy_hash) VALUES
              (100, 1, 10, 'eol-os', 'error', 'CentOS 7 is end of life', \(azure), 'No updates.', 'p1'),
              (101, 1, 11, 'unresolved-reference', 'note', 'cannot be resolved', NULL, 'Runtime value.', 'p1'),
              (102, 1, 30, 'mutable-tag', 'warning', 'no tag', NULL, 'It moves.', 'p1'),
              (200, 2, 10, 'eol-os', 'error', 'CentOS 7 is end of life', \(azure), 'No updates.', 'p1'),
              (201, 2, 21, 'unresolved-reference', 'note', 'cannot be resolved', NULL, 'Runtime value.', 'p1'),
              (202, 2, 30, 'mutable-tag', 'warning', 'no tag', NULL, 'It moves.', 'p1');
            """
    }

    /// What every reader sees; must read the same before and after the migration.
    private let snapshotQueries = [
        "SELECT * FROM reference ORDER BY id",
        "SELECT * FROM scan_warning ORDER BY id",
        "SELECT * FROM finding ORDER BY id",
        "SELECT * FROM current_references ORDER BY repository, branch, path, line, reference_id",
        "SELECT * FROM current_findings ORDER BY repository, branch, path, line, rule",
        "SELECT * FROM run_references ORDER BY as_of_run_id, repository, branch, path, line, reference_id",
        "SELECT * FROM run_findings ORDER BY as_of_run_id, repository, branch, path, line, rule",
        "SELECT * FROM branch_history ORDER BY run_id, repository, branch",
        "SELECT * FROM image_usage ORDER BY image",
        "SELECT * FROM weekly_trend ORDER BY week",
        "SELECT * FROM weekly_findings ORDER BY week, rule",
        "SELECT * FROM findings_by_run ORDER BY run_id, rule",
    ]

    private struct Snapshot: Equatable {
        var columns: [String]
        var rows: [[DatabaseValue]]
    }

    private func snapshot(_ db: Database) throws -> [Snapshot] {
        try snapshotQueries.map { sql in
            let statement = try db.makeStatement(sql: sql)
            let rows = try Row.fetchAll(statement).map { Array($0.databaseValues) }
            return Snapshot(columns: statement.columnNames, rows: rows)
        }
    }

    private func viewNames(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
    }

    /// A v3 database file with `v3Rows`, and what the readers saw in it.
    private func makeV3Database() throws -> (path: String, before: [Snapshot], views: [String]) {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try AppDatabase.migrator.migrate(queue, upTo: "v3-report-views")
        try queue.write { db in try db.execute(sql: v3Rows) }
        let (before, views) = try queue.read { db in (try snapshot(db), try viewNames(db)) }
        XCTAssertEqual(before[0].rows.count, 6)
        XCTAssertFalse(before[4].rows.isEmpty, "current_findings")
        XCTAssertFalse(before[6].rows.isEmpty, "run_findings")
        try queue.close()
        return (path, before, views)
    }

    func testEveryReaderSeesTheSameRowsAndIdsAfterTheMigration() throws {
        let v3 = try makeV3Database()
        // Up to this migration: later ones may change what a view counts (v5: findings_by_run per branch).
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(path: v3.path, configuration: configuration)
        try AppDatabase.migrator.migrate(queue, upTo: "v4-file-scans")
        let (after, views) = try queue.read { db in (try snapshot(db), try viewNames(db)) }
        for (index, sql) in snapshotQueries.enumerated() {
            XCTAssertEqual(after[index], v3.before[index], sql)
        }
        XCTAssertEqual(views, (v3.views + ["reference", "scan_warning"]).sorted())
    }

    func testEachOldCommitScanAndPathBecomesItsOwnLinkedFileScan() throws {
        let database = try AppDatabase(path: makeV3Database().path)
        XCTAssertEqual(try database.column("""
            SELECT cf.commit_scan_id || ' ' || fs.path || ' ' || fs.digest || ' ' || fs.reference_count || '/' ||
                   fs.warning_count
            FROM file_scan fs JOIN commit_file cf ON cf.file_scan_id = fs.id ORDER BY fs.id
            """), [
            "1 eng/Dockerfile v3:1 1/0", "1 eng/ci.yml v3:1 2/1", "2 big.yml v3:2 0/1",
            "2 eng/Dockerfile v3:2 1/0", "2 eng/ci.yml v3:2 1/1", "3 Dockerfile v3:3 1/0",
        ])
        XCTAssertEqual(try database.column("SELECT group_concat(id) FROM (SELECT id FROM file_reference ORDER BY id)"),
                       ["10,11,12,20,21,30"])
        XCTAssertEqual(try database.column("SELECT group_concat(id) FROM (SELECT id FROM file_warning ORDER BY id)"),
                       ["5,8,9"])
        try database.writer.read { db in
            XCTAssertEqual(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"), [])
            // Findings are stored in `finding_span` since `v11-shared-findings`, still linked to file references.
            let finding = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'finding_span'") ?? ""
            XCTAssertTrue(finding.contains("REFERENCES file_reference(id) ON DELETE CASCADE"), finding)
            XCTAssertEqual(try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'finding_span' AND sql IS NOT NULL
                ORDER BY name
                """), ["finding_span_by_last_run", "finding_span_by_reference"])
            XCTAssertEqual(try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE name IN ('reference', 'scan_warning') ORDER BY name
                """), ["reference", "scan_warning"])
            XCTAssertEqual(try String.fetchAll(db, sql: """
                SELECT type FROM sqlite_master WHERE name IN ('reference', 'scan_warning')
                """), ["view", "view"])
        }
    }

    func testAMigratedDatabaseStoresNewScansAndKeepsOldFindingsLinked() throws {
        let database = try AppDatabase(path: makeV3Database().path)
        let fleet = try Fleet(database)
        let run = try database.startRun(at: Fixtures.day15)
        // The same content as a migrated file: migrated file scans are not content-addressed, so a new one.
        let ubuntu = Fixtures.reference("Dockerfile", line: 2, image: "ubuntu", registry: "docker.io",
                                        repository: "library/ubuntu", tag: nil, context: "build")
        let files = try database.recordBranchScan(BranchScanRecord(
            runID: run, repositoryID: fleet.runtime, branch: "main", commit: Fixtures.commit("c"), status: .ok,
            references: [ubuntu]))
        XCTAssertEqual(try database.column("SELECT digest GLOB 'v3:*' FROM file_scan WHERE id = \(files["Dockerfile"] ?? 0)"),
                       ["0"])
        XCTAssertEqual(try database.column("SELECT max(id) > 30 FROM file_reference"), ["1"])
        XCTAssertEqual(try database.column("SELECT count(*) FROM finding f JOIN reference r ON r.id = f.reference_id"),
                       ["6"])
    }
}
