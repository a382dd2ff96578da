import Foundation
import Inventory
import Policy

/// Everything the governance report is computed from, read from the inventory by
/// `GovernanceReport.load` (or assembled by hand).
public struct GovernanceInput: Sendable {
    /// The run standing for the week reported on.
    public var run: WeeklyRun
    /// The previous week's run, when there is one.
    public var previous: WeeklyRun?
    /// `weekly_trend` up to and including the run, oldest first (finding totals and the standard
    /// share of each week come from here).
    public var trend: [WeeklyTrendRow]
    /// Every repository (for urls and teams).
    public var repositories: [RepositoryInfo]
    /// Branches as the run left them.
    public var branches: [BranchState]
    /// References as the run left them.
    public var references: [StoredReference]
    /// References as the previous week's run left them.
    public var previousReferences: [StoredReference]?
    /// The run's findings; `nil` when the run was not judged against a policy.
    public var findings: [ReportFinding]?
    /// The previous week's findings; `nil` when unknown.
    public var previousFindings: [ReportFinding]?
    /// Repositories that failed to crawl in the run, with why.
    public var failedRepositories: [(name: String, error: String)]
    /// Branches that failed in the run, with why.
    public var failedBranches: [(repository: String, branch: String, error: String)]
    /// The owner of each finding's usage, by `GovernanceInput.ownerKey` (as `report outreach` assigns them).
    public var owners: [String: String]
    /// The stored catalogs, for the end-of-life dates registries give their images (`eol-soon` rows).
    public var catalogs: CatalogSnapshot

    /// An input with every field given.
    public init(run: WeeklyRun, previous: WeeklyRun?, trend: [WeeklyTrendRow], repositories: [RepositoryInfo],
                branches: [BranchState], references: [StoredReference], previousReferences: [StoredReference]?,
                findings: [ReportFinding]?, previousFindings: [ReportFinding]?,
                failedRepositories: [(name: String, error: String)],
                failedBranches: [(repository: String, branch: String, error: String)], owners: [String: String] = [:],
                catalogs: CatalogSnapshot = .empty) {
        self.run = run
        self.previous = previous
        self.trend = trend
        self.repositories = repositories
        self.branches = branches
        self.references = references
        self.previousReferences = previousReferences
        self.findings = findings
        self.previousFindings = previousFindings
        self.failedRepositories = failedRepositories
        self.failedBranches = failedBranches
        self.owners = owners
        self.catalogs = catalogs
    }

    /// The key of a usage in `owners`.
    public static func ownerKey(repository: String, branch: String, path: String, line: Int) -> String {
        "\(repository)\n\(branch)\n\(path)\n\(line)"
    }
}
