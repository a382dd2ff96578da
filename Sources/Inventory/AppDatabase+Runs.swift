import Foundation
import GRDB

extension AppDatabase {
    /// Starts a crawl and returns its run id. `shard` (`1/3`) marks the crawl of one shard of the fleet.
    public func startRun(at date: Date, censusVersion: String? = nil, shard: String? = nil) throws -> Int64 {
        try write("starting a run") { db in
            try db.execute(sql: "INSERT INTO run (started_at, status, census_version, shard) VALUES (?, 'running', ?, ?)",
                           arguments: [date, censusVersion, shard])
            return db.lastInsertedRowID
        }
    }

    /// Records how a crawl ended.
    public func finishRun(_ runID: Int64, at date: Date, repositoriesTotal: Int, repositoriesFailed: Int,
                          status: RunStatus) throws {
        try write("finishing run #\(runID)") { db in
            try db.execute(sql: """
                UPDATE run SET finished_at = ?, status = ?, repositories_total = ?, repositories_failed = ?
                WHERE id = ?
                """, arguments: [date, status.rawValue, repositoriesTotal, repositoriesFailed, runID])
            if db.changesCount == 0 {
                throw InventoryError.invalidRecord(operation: "the end of run #\(runID)",
                                                   reason: "there is no run #\(runID)")
            }
        }
    }

    /// Marks runs still `running` (their process died) as `interrupted` at `date`; returns their ids.
    /// Call before starting a crawl when no other crawl can be writing to this database.
    @discardableResult
    public func markUnfinishedRunsInterrupted(at date: Date) throws -> [Int64] {
        try write("marking unfinished runs interrupted") { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM run WHERE status = 'running' ORDER BY id")
            try db.execute(sql: """
                UPDATE run SET status = 'interrupted', finished_at = ? WHERE status = 'running'
                """, arguments: [date])
            return ids
        }
    }

    /// The most recent runs, newest first.
    public func latestRuns(limit: Int) throws -> [RunSummary] {
        try read("listing runs") { db in
            try Row.fetchAll(db, sql: """
                SELECT id, started_at, finished_at, status, repositories_total, repositories_failed, census_version
                FROM run ORDER BY id DESC LIMIT ?
                """, arguments: [max(0, limit)]).map(Self.runSummary)
        }
    }

    /// The repositories that failed in a run, by name, with their errors.
    public func failedRepositories(runID: Int64) throws -> [(name: String, error: String)] {
        try read("listing failed repositories of run #\(runID)") { db in
            try Row.fetchAll(db, sql: """
                SELECT r.name, rs.error
                FROM repository_scan rs JOIN repository r ON r.id = rs.repository_id
                WHERE rs.run_id = ? AND rs.status = 'failed'
                ORDER BY r.name
                """, arguments: [runID]).map { row in (name: row["name"], error: row["error"] ?? "") }
        }
    }

    /// The branches that failed in a run, by repository and branch name, with their errors.
    public func failedBranches(runID: Int64) throws -> [(repository: String, branch: String, error: String)] {
        try read("listing failed branches of run #\(runID)") { db in
            try Row.fetchAll(db, sql: """
                SELECT r.name AS repository, b.name AS branch, s.error
                FROM branch_scan s
                JOIN branch b ON b.id = s.branch_id
                JOIN repository r ON r.id = b.repository_id
                WHERE s.run_id = ? AND s.status = 'failed'
                ORDER BY r.name, b.name
                """, arguments: [runID]).map { row in
                (repository: row["repository"], branch: row["branch"], error: row["error"] ?? "")
            }
        }
    }
}
