import Foundation

/// The weekly governance report (`census report governance`): where the fleet stands this week, how
/// that changed since the previous week, what to fix first, and a 12-week trend.
public struct GovernanceReport: Sendable, Hashable, Codable {
    /// A run the report draws on.
    public struct RunInfo: Sendable, Hashable, Codable {
        /// The run id.
        public var id: Int64
        /// Its ISO week.
        public var week: String
        /// When it started.
        public var startedAt: Date
        /// `ok` or `partial`.
        public var status: String
    }

    /// A count this week, the previous week, and the change.
    public struct Count: Sendable, Hashable, Codable {
        public var value: Int
        public var previous: Int?
        public var change: Int?

        /// A count compared with `previous` when there is one.
        public init(_ value: Int, previous: Int?) {
            self.value = value
            self.previous = previous
            change = previous.map { value - $0 }
        }
    }

    /// A share (0…1) this week, the previous week, and the change; `nil` when not known.
    public struct Share: Sendable, Hashable, Codable {
        public var value: Double?
        public var previous: Double?
        public var change: Double?

        /// A share compared with `previous` when both are known.
        public init(_ value: Double?, previous: Double?) {
            self.value = value
            self.previous = previous
            if let value, let previous { change = value - previous } else { change = nil }
        }
    }

    /// The numbers at the top of the report.
    public struct Headline: Sendable, Hashable, Codable {
        /// Repositories the week's run set out to crawl.
        public var repositories: Count
        /// Repositories that failed to crawl (their last known state still counts).
        public var repositoriesFailed: Count
        /// Tracked branches.
        public var branches: Count
        /// Image references across every tracked branch.
        public var references: Count
        /// Distinct images referenced (resolved ones).
        public var images: Count
        /// References whose image could not be resolved inside their branch (runtime variables, …).
        public var unresolved: Count
        /// References on standard images among the valid ones; `nil` without a policy.
        public var standardShare: Share
        /// Findings; `nil` when the run was not judged against a policy.
        public var findings: Count?
        /// Findings per severity (`error`, `warning`, `note`); `nil` without a policy.
        public var findingsBySeverity: [String: Count]?
    }

    /// Findings of one rule.
    public struct RuleCount: Sendable, Hashable, Codable {
        public var rule: String
        /// The most pressing severity the rule's findings carry.
        public var severity: String
        public var findings: Count
        public var repositories: Int
        public var branches: Int
    }

    /// An image with how widely it is used and what is wrong with it.
    public struct ImageRow: Sendable, Hashable, Codable {
        public var image: String
        /// The rules its usages break (empty in the most-used list when none).
        public var rules: [String]
        /// The most pressing severity among them.
        public var severity: String?
        public var repositories: Int
        public var branches: Int
        public var usages: Int
        /// The replacement the policy suggests, when one is known.
        public var suggestion: String?
        /// A message explaining the finding, from one of its usages.
        public var message: String?
    }

    /// One finding with its link.
    public struct LinkedFinding: Sendable, Hashable, Codable {
        public var path: String
        public var line: Int
        /// The file and line at the scanned commit; `nil` for local repositories.
        public var link: String?
        public var image: String
        public var rule: String
        public var severity: String
        public var message: String
        public var suggestion: String?
    }

    /// A branch and its findings.
    public struct BranchSection: Sendable, Hashable, Codable {
        public var name: String
        public var commitID: String?
        /// True when the branch (or its repository) failed this week and its last good scan is shown.
        public var stale: Bool
        public var findings: [LinkedFinding]
    }

    /// A repository with findings, and its branches.
    public struct RepositorySection: Sendable, Hashable, Codable {
        public var name: String
        public var team: String?
        public var url: String
        public var findings: Int
        /// Findings per severity.
        public var severities: [String: Int]
        public var branches: [BranchSection]
    }

    /// A repository or branch that could not be crawled this week, and why.
    public struct Failure: Sendable, Hashable, Codable {
        public var repository: String
        /// `nil` when the whole repository failed.
        public var branch: String?
        public var error: String
    }

    /// One week of the trend.
    public struct TrendPoint: Sendable, Hashable, Codable {
        public var week: String
        public var runID: Int64
        public var repositories: Int
        public var repositoriesFailed: Int
        public var branches: Int
        public var references: Int
        /// `nil` when that run was not judged against a policy.
        public var findings: Int?
        public var errors: Int?
        /// `nil` when that run was not judged against a policy.
        public var standardShare: Double?
    }

    /// The ISO week reported on.
    public var week: String
    /// The run standing for that week.
    public var run: RunInfo
    /// The run of the previous week with a finished crawl, when there is one.
    public var previous: RunInfo?
    /// Whether the week's run was judged against a policy (findings are known).
    public var policyEvaluated: Bool
    /// The headline numbers.
    public var headline: Headline
    /// Findings per rule, most first.
    public var findingsByRule: [RuleCount]
    /// The most widely used non-standard images (non-standard-image, unapproved-base-image).
    public var nonStandardImages: [ImageRow]
    /// The most widely used outdated images (outdated, removed, unknown or deprecated tags, end-of-life OS).
    public var outdatedImages: [ImageRow]
    /// The most widely used resolved images overall.
    public var mostUsedImages: [ImageRow]
    /// Repositories with findings, most pressing first.
    public var repositories: [RepositorySection]
    /// Repositories tracked this week without any finding.
    public var repositoriesWithoutFindings: Int
    /// What failed to crawl this week.
    public var failures: [Failure]
    /// Up to 12 weeks, oldest first, ending with this week.
    public var trend: [TrendPoint]
}
