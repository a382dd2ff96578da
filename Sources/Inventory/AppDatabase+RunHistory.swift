import Extraction
import Foundation
import GRDB

extension AppDatabase {
    /// One run by id, or `nil` when there is no such run.
    public func run(id: Int64) throws -> RunSummary? {
        try read("reading run #\(id)") { db in
            try Row.fetchOne(db, sql: """
                SELECT id, started_at, finished_at, status, repositories_total, repositories_failed, census_version
                FROM run WHERE id = ?
                """, arguments: [id]).map(Self.runSummary)
        }
    }

    /// The runs standing for ISO weeks (the last finished run of each week), newest first.
    public func weeklyRuns(limit: Int = 1_000) throws -> [WeeklyRun] {
        try read("listing weekly runs") { db in
            try Row.fetchAll(db, sql: """
                SELECT week, run_id, started_at, status FROM run_week WHERE last_of_week
                ORDER BY run_id DESC LIMIT ?
                """, arguments: [max(0, limit)]).map(Self.weeklyRun)
        }
    }

    /// The run standing for an ISO week (`2026-W03`), or `nil` when no crawl finished that week.
    public func weeklyRun(week: String) throws -> WeeklyRun? {
        try read("finding the run of week \(week)") { db in
            try Row.fetchOne(db, sql: """
                SELECT week, run_id, started_at, status FROM run_week WHERE last_of_week AND week = ?
                """, arguments: [week]).map(Self.weeklyRun)
        }
    }

    /// The `weekly_trend` rows of the `limit` weeks up to and including the week of run `runID`
    /// (weeks whose run is not later than it), oldest first.
    public func weeklyTrend(upToRun runID: Int64, limit: Int) throws -> [WeeklyTrendRow] {
        try read("reading the weekly trend") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM (
                  SELECT * FROM weekly_trend WHERE run_id <= ? ORDER BY run_id DESC LIMIT ?
                ) ORDER BY run_id
                """, arguments: [runID, max(0, limit)]).map { row in
                WeeklyTrendRow(
                    week: row["week"], runID: row["run_id"], startedAt: row["run_started_at"],
                    repositories: row["repositories"], repositoriesFailed: row["repositories_failed"],
                    branches: row["branches"], branchesFailed: row["branches_failed"],
                    branchesStale: row["branches_stale"], references: row["reference_count"],
                    validReferences: row["valid_references"], policyEvaluated: row["policy_evaluated"],
                    findings: row["findings"], errors: row["errors"], warnings: row["warnings"], notes: row["notes"],
                    nonStandardReferences: row["non_standard_references"], standardShare: row["standard_share"])
            }
        }
    }

    /// Every branch tracked in run `runID` as that run left it (`run_branches`), by repository and branch.
    /// A repository that failed in the run shows its branches as its last successful crawl left them.
    public func branchStates(asOfRun runID: Int64) throws -> [BranchState] {
        try read("reading the branches of run #\(runID)") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM run_branches WHERE as_of_run_id = ? ORDER BY repository, branch
                """, arguments: [runID]).map { row in
                let status: String = row["latest_status"]
                return BranchState(
                    repository: row["repository"], repositoryURL: row["url"], team: row["team"],
                    contact: row["contact"], branch: row["branch"],
                    latestStatus: BranchScanStatus(rawValue: status) ?? .failed, latestError: row["latest_error"],
                    commitID: row["commit_id"], stale: row["stale"])
            }
        }
    }

    /// The references of every branch tracked in run `runID` (`run_references`) that match `filter`,
    /// sorted by repository, branch, path and line — `current_references` as it stood after that run.
    public func references(asOfRun runID: Int64, _ filter: ReferenceFilter = .all) throws -> [StoredReference] {
        try storedReferences(from: "run_references", filter, extra: ("as_of_run_id = ?", runID),
                             activity: "listing the references of run #\(runID)")
    }

    /// The findings of every branch tracked in run `runID` (`run_findings`: one row per branch, usage and
    /// rule), by repository, branch, path, line and rule; `nil` when the run was not judged against a policy.
    public func findings(asOfRun runID: Int64) throws -> [StoredFinding]? {
        try read("reading the findings of run #\(runID)") { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM policy_evaluation WHERE run_id = ?)",
                                    arguments: [runID]) == true else { return nil }
            return try Row.fetchAll(db, sql: """
                SELECT * FROM run_findings WHERE as_of_run_id = ?
                ORDER BY repository, branch, path, line, rule, reference_id
                """, arguments: [runID]).map { row in
                StoredFinding(repository: row["repository"], team: row["team"], contact: row["contact"],
                              branch: row["branch"], commitID: row["commit_id"], path: row["path"], line: row["line"],
                              kind: row["kind"], raw: row["raw"], image: row["image"], normalized: row["normalized"],
                              rule: row["rule"], severity: row["severity"], message: row["message"],
                              suggestion: row["suggestion"], explanation: row["explanation"],
                              policyHash: row["policy_hash"], runID: row["as_of_run_id"], stale: row["stale"],
                              referenceID: row["reference_id"])
            }
        }
    }

    /// Every repository of the inventory with its url, team and contact, by name.
    public func repositories() throws -> [RepositoryInfo] {
        try read("listing repositories") { db in
            try Row.fetchAll(db, sql: "SELECT name, url, team, contact FROM repository ORDER BY name").map { row in
                RepositoryInfo(name: row["name"], url: row["url"], team: row["team"], contact: row["contact"])
            }
        }
    }

    static func runSummary(_ row: Row) -> RunSummary {
        let status: String = row["status"]
        return RunSummary(
            id: row["id"], startedAt: row["started_at"], finishedAt: row["finished_at"],
            status: RunStatus(rawValue: status) ?? .running,
            repositoriesTotal: row["repositories_total"], repositoriesFailed: row["repositories_failed"],
            censusVersion: row["census_version"])
    }

    static func weeklyRun(_ row: Row) -> WeeklyRun {
        let status: String = row["status"]
        return WeeklyRun(week: row["week"], runID: row["run_id"], startedAt: row["started_at"],
                         status: RunStatus(rawValue: status) ?? .ok)
    }
}
