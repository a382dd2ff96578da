import GRDB

extension AppDatabase {
    /// Every current branch (`current_branches`) with its repository's url, by repository and branch.
    public func currentBranches() throws -> [BranchState] {
        try read("listing current branches") { db in
            try Row.fetchAll(db, sql: """
                SELECT cb.*, r.url FROM current_branches cb JOIN repository r ON r.id = cb.repository_id
                ORDER BY cb.repository, cb.branch
                """).map { row in
                let status: String = row["latest_status"]
                return BranchState(
                    repository: row["repository"], repositoryURL: row["url"], team: row["team"],
                    contact: row["contact"], branch: row["branch"],
                    latestStatus: BranchScanStatus(rawValue: status) ?? .failed, latestError: row["latest_error"],
                    commitID: row["commit_id"], stale: row["stale"], runID: row["run_id"])
            }
        }
    }
}
