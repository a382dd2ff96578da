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
    /// Of which valid image references.
    public var validReferences: Int
    /// Whether the run was judged against a policy; the finding counts are `nil` otherwise.
    public var policyEvaluated: Bool
    /// Findings (one per branch, usage and rule).
    public var findings: Int?
    /// Findings of severity `error`.
    public var errors: Int?
    /// Findings of severity `warning`.
    public var warnings: Int?
    /// Findings of severity `note`.
    public var notes: Int?
    /// Usages not on a standard image: flagged `non-standard-image`, or, for Dockerfile base images,
    /// `unapproved-base-image`.
    public var nonStandardReferences: Int?
    /// Valid usages on standard images over all valid usages; `nil` without a policy or valid usages.
    public var standardShare: Double?

    /// A trend row with every field given.
    public init(week: String, runID: Int64, startedAt: Date, repositories: Int, repositoriesFailed: Int,
                branches: Int, branchesFailed: Int, branchesStale: Int, references: Int, validReferences: Int,
                policyEvaluated: Bool, findings: Int?, errors: Int?, warnings: Int?, notes: Int?,
                nonStandardReferences: Int?, standardShare: Double?) {
        self.week = week
        self.runID = runID
        self.startedAt = startedAt
        self.repositories = repositories
        self.repositoriesFailed = repositoriesFailed
        self.branches = branches
        self.branchesFailed = branchesFailed
        self.branchesStale = branchesStale
        self.references = references
        self.validReferences = validReferences
        self.policyEvaluated = policyEvaluated
        self.findings = findings
        self.errors = errors
        self.warnings = warnings
        self.notes = notes
        self.nonStandardReferences = nonStandardReferences
        self.standardShare = standardShare
    }
}
