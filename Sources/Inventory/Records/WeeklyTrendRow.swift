import Foundation

/// One row of the `weekly_trend` view: the fleet as the last finished run of an ISO week saw it.
public struct WeeklyTrendRow: Sendable, Hashable, Codable {
    /// The ISO 8601 week, e.g. `2026-W03`.
    public var week: String
    /// The run standing for the week.
    public var runID: Int64
    /// When that run started.
    public var startedAt: Date
    /// Repositories the run set out to crawl.
    public var repositories: Int
    /// Repositories that failed in the run (their last known state still counts below).
    public var repositoriesFailed: Int
    /// Tracked branches.
    public var branches: Int
    /// Branches that failed to scan in their repository's latest run.
    public var branchesFailed: Int
    /// Branches whose references come from an earlier run than this one.
    public var branchesStale: Int
    /// Image references of every tracked branch.
    public var references: Int

    /// A trend row with every field given.
    public init(week: String, runID: Int64, startedAt: Date, repositories: Int, repositoriesFailed: Int,
                branches: Int, branchesFailed: Int, branchesStale: Int, references: Int) {
        self.week = week
        self.runID = runID
        self.startedAt = startedAt
        self.repositories = repositories
        self.repositoriesFailed = repositoriesFailed
        self.branches = branches
        self.branchesFailed = branchesFailed
        self.branchesStale = branchesStale
        self.references = references
    }
}
