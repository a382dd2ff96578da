import Extraction
import Foundation
import GRDB
@testable import Inventory
import XCTest

/// Findings shared between runs (`v11-shared-findings`): every view reads, run by run, exactly what the
/// old storage (a copy of every finding per run) gave, while unchanged runs store no finding rows.
final class SchemaSharedFindingsTests: XCTestCase {
    /// What one run does: which branches moved, with which catalog and policy it is judged.
    private struct Step {
        var moveArcadeMain = false
        var catalog = 1
        var policy: String? = "p1"
        /// Judged twice, first with a catalog one behind (a run evaluated again replaces its findings).
        var evaluatedAgain = false
    }

    private let history: [Step] = [
        Step(),                                          // 1: first crawl
        Step(),                                          // 2: nothing changed
        Step(moveArcadeMain: true),                      // 3: a branch moved
        Step(moveArcadeMain: true, catalog: 2, evaluatedAgain: true), // 4: the catalog changed
        Step(moveArcadeMain: true, catalog: 2, policy: nil), // 5: crawled without a policy
        Step(moveArcadeMain: true, catalog: 2, policy: "p2"), // 6: the policy changed
        Step(moveArcadeMain: true, catalog: 2, policy: "p2"), // 7: nothing changed
    ]

    private let newFile = Fixtures.reference("ci/build.Dockerfile", line: 2, image: "docker.io/library/centos:7",
                                             repository: "library/centos", tag: "7")

    /// The findings a policy gives a reference with a catalog version: what the evaluator would judge.
    private func findings(for reference: Reference, id: Int64, catalog: Int) -> [FindingRecord] {
        let image = reference.image ?? ""
        var result: [FindingRecord] = []
        if image.contains("centos") {
            result.append(FindingRecord(referenceID: id, rule: "eol-os", severity: "error",
                                        message: "CentOS 7 is end of life", suggestion: nil,
                                        explanation: "No more security updates."))
        }
        if image.contains("ubuntu") {
            result.append(FindingRecord(referenceID: id, rule: "outdated-tag", severity: "warning",
                                        message: "22.04 has a newer tag \(catalog == 1 ? "24.04" : "24.10")",
                                        suggestion: catalog == 1 ? "24.04" : "24.10", explanation: "Newer tags exist."))
        }
        return result
    }

    /// Runs the history on `new` (the shared storage) and, after every run, compares every view with
    /// an inventory holding the same rows in the old storage (the schema before `v11-shared-findings`, a finding row per run).
    func testEveryViewReadsTheSameAsTheOldStorageRunByRun() throws {
        let folder = try Fixtures.scratchDirectory(for: self)
        let newPath = folder.appendingPathComponent("new.sqlite").path
        let fleet = try Fleet(AppDatabase(path: newPath))
        var oldFindings: [(run: Int64, hash: String, records: [FindingRecord])] = []
        var spansAdded: [Int] = []
        for (index, step) in history.enumerated() {
            let date = Fixtures.day1.addingTimeInterval(Double(index) * 7 * 86_400)
            let run = try fleet.database.startRun(at: date)
            let mainCommit = Fixtures.commit(step.moveArcadeMain ? "b" : "a")
            let mainReferences = [Fixtures.centos, Fixtures.ubuntu] + (step.moveArcadeMain ? [newFile] : [])
            try fleet.scanned(run, fleet.arcade, "main", mainCommit, mainReferences, at: date)
            try fleet.scanned(run, fleet.arcade, "release/9.0", Fixtures.commit("a"), [Fixtures.centos, Fixtures.ubuntu],
                              at: date)
            try fleet.scanned(run, fleet.runtime, "main", Fixtures.commit("c"), [Fixtures.prereqs, Fixtures.runtimeMacro],
                              at: date)
            try fleet.repositoryOK(run, fleet.arcade)
            try fleet.repositoryOK(run, fleet.runtime)
            try fleet.database.finishRun(run, at: date, repositoriesTotal: 2, repositoriesFailed: 0, status: .ok)
            let spansBefore = try spanCount(newPath)
            if let policy = step.policy {
                let judge = { (catalog: Int) -> [FindingRecord] in
                    var seen: Set<Int64> = []
                    return try fleet.database.currentReferences().flatMap { stored -> [FindingRecord] in
                        guard let id = stored.referenceID, seen.insert(id).inserted else { return [] }
                        return self.findings(for: stored.reference, id: id, catalog: catalog)
                    }
                }
                if step.evaluatedAgain {
                    try fleet.database.recordFindings(runID: run, policyHash: policy, evaluatedAt: date,
                                                      findings: try judge(step.catalog - 1))
                }
                let records = try judge(step.catalog)
                try fleet.database.recordFindings(runID: run, policyHash: policy, evaluatedAt: date, findings: records)
                oldFindings.append((run, policy, records))
            }
            spansAdded.append(try spanCount(newPath) - spansBefore)

            let oldPath = folder.appendingPathComponent("old-\(run).sqlite").path
            try writeOldStorage(at: oldPath, copying: newPath, findings: oldFindings)
            let old = try viewRows(oldPath)
            XCTAssertFalse(old["run_findings"]?.isEmpty ?? true)
            XCTAssertEqual(try viewRows(newPath), old, "run \(run)")
        }
        // First crawl: centos and ubuntu on the shared Dockerfile (one file scan for both branches).
        // Unchanged: nothing. Moved branch: only its new file's finding. Catalog change: only the changed
        // message. No policy: nothing. Policy change: everything again. Unchanged: nothing.
        XCTAssertEqual(spansAdded, [2, 0, 1, 1, 0, 3, 0])

        // The old storage, migrated, reads the same and holds the same spans as the shared storage.
        let lastRun = Int64(history.count)
        let migratedPath = folder.appendingPathComponent("old-\(lastRun).sqlite").path
        let beforeMigration = try viewRows(migratedPath)
        _ = try AppDatabase(path: migratedPath)
        XCTAssertEqual(try viewRows(migratedPath), beforeMigration)
        XCTAssertEqual(try spans(migratedPath), try spans(newPath))
    }

    /// A run evaluated again between two evaluated runs keeps the findings of the runs around it.
    func testEvaluatingARunAgainInTheMiddleKeepsItsNeighbours() throws {
        let fleet = try Fleet(AppDatabase.inMemory())
        var runs: [Int64] = []
        for index in 0..<3 {
            let date = Fixtures.day1.addingTimeInterval(Double(index) * 7 * 86_400)
            let run = try fleet.database.startRun(at: date)
            try fleet.scanned(run, fleet.arcade, "main", Fixtures.commit("a"), [Fixtures.centos], at: date)
            try fleet.repositoryOK(run, fleet.arcade)
            try fleet.database.finishRun(run, at: date, repositoriesTotal: 1, repositoriesFailed: 0, status: .ok)
            runs.append(run)
        }
        let id = try XCTUnwrap(fleet.database.currentReferences().first?.referenceID)
        let eol = FindingRecord(referenceID: id, rule: "eol-os", severity: "error", message: "CentOS 7 is end of life",
                                suggestion: nil, explanation: "No more security updates.")
        for run in runs {
            try fleet.database.recordFindings(runID: run, policyHash: "p", evaluatedAt: Fixtures.day1, findings: [eol])
        }
        XCTAssertEqual(try fleet.column("SELECT first_run_id || '-' || last_run_id FROM finding_span"), ["1-3"])
        var changed = eol
        changed.message = "CentOS 7 ended in 2024"
        try fleet.database.recordFindings(runID: runs[1], policyHash: "p", evaluatedAt: Fixtures.day1,
                                          findings: [changed])
        XCTAssertEqual(try fleet.column("SELECT run_id || ' ' || message FROM finding ORDER BY run_id"), [
            "1 CentOS 7 is end of life", "2 CentOS 7 ended in 2024", "3 CentOS 7 is end of life",
        ])
        try fleet.database.recordFindings(runID: runs[1], policyHash: "p", evaluatedAt: Fixtures.day1, findings: [])
        XCTAssertEqual(try fleet.column("SELECT run_id || ' ' || message FROM finding ORDER BY run_id"), [
            "1 CentOS 7 is end of life", "3 CentOS 7 is end of life",
        ])
    }

    // MARK: Helpers

    private func spanCount(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM finding_span") ?? 0 }
    }

    private func spans(_ path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: """
                SELECT reference_id || ' ' || rule || ' ' || message || ' ' || policy_hash || ' '
                       || first_run_id || '-' || last_run_id
                FROM finding_span ORDER BY 1
                """)
        }
    }

    /// An inventory at the migration before `v11-shared-findings` with every row of `source` and the findings stored as the old
    /// `recordFindings` did: one row per finding per evaluated run.
    private func writeOldStorage(at path: String, copying source: String,
                                 findings: [(run: Int64, hash: String, records: [FindingRecord])]) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let migrations = AppDatabase.migrator.migrations
        let shared = try XCTUnwrap(migrations.firstIndex(of: "v11-shared-findings"))
        try AppDatabase.migrator.migrate(queue, upTo: migrations[shared - 1])
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [source])
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM main.sqlite_master WHERE type = 'table'
                  AND name NOT IN ('sqlite_sequence', 'grdb_migrations', 'finding')
                """)
            for table in tables {
                let name = table.quotedDatabaseIdentifier
                // Only the columns the older schema has (later migrations add some, e.g. `v12-evaluation-reuse`).
                let columns = try Row.fetchAll(db, sql: "PRAGMA main.table_info(\(name))")
                    .map { ($0["name"] as String).quotedDatabaseIdentifier }.joined(separator: ", ")
                try db.execute(sql: """
                    DELETE FROM main.\(name); INSERT INTO main.\(name) (\(columns)) SELECT \(columns) FROM source.\(name)
                    """)
            }
            try db.execute(sql: "DETACH DATABASE source")
            for (run, hash, records) in findings {
                for record in records {
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO finding (run_id, reference_id, rule, severity, message, suggestion,
                                                        explanation, policy_hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [run, record.referenceID, record.rule, record.severity, record.message,
                                         record.suggestion, record.explanation, hash])
                }
            }
        }
    }

    /// Every view's rows (and `finding`'s, without its storage id), each row as text, sorted.
    private func viewRows(_ path: String) throws -> [String: [String]] {
        try DatabaseQueue(path: path).read { db in
            var result: [String: [String]] = [:]
            // `commit_file` is a table in the old storage and a view (over `commit_file_entry`) since
            // `v13-commit-file-entries`: its rows are compared either way.
            let views = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'view' AND name NOT IN ('finding', 'commit_file') ORDER BY name
                """)
            for view in views {
                result[view] = try Row.fetchAll(db, sql: "SELECT * FROM \(view.quotedDatabaseIdentifier)")
                    .map(\.description).sorted()
            }
            result["commit_file"] = try Row.fetchAll(db, sql: "SELECT commit_scan_id, file_scan_id FROM commit_file")
                .map(\.description).sorted()
            result["finding"] = try Row.fetchAll(db, sql: """
                SELECT run_id, reference_id, rule, severity, message, suggestion, explanation, policy_hash FROM finding
                """).map(\.description).sorted()
            return result
        }
    }
}
