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
        /// This week's count.
        public var value: Int
        /// The previous week's count, when there is a previous week.
        public var previous: Int?
        /// This week minus the previous week.
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
        /// This week's share.
        public var value: Double?
        /// The previous week's share.
        public var previous: Double?
        /// This week minus the previous week, in share points (0.01 is one percentage point).
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
        /// The rule id (`outdated-tag`, …).
        public var rule: String
        /// The most pressing severity the rule's findings carry.
        public var severity: String
        /// Its findings this week and the previous week.
        public var findings: Count
        /// Repositories with such a finding.
        public var repositories: Int
        /// Branches with such a finding.
        public var branches: Int
    }

    /// An image with how widely it is used and what is wrong with it.
    public struct ImageRow: Sendable, Hashable, Codable {
        /// The image as normalized, or the text as written when it did not resolve.
        public var image: String
        /// The rules its usages break (empty in the most-used list when none).
        public var rules: [String]
        /// The most pressing severity among them.
        public var severity: String?
        /// Repositories using it.
        public var repositories: Int
        /// Branches using it.
        public var branches: Int
        /// File:line usages of it.
        public var usages: Int
        /// The replacement the policy suggests, when one is known.
        public var suggestion: String?
        /// A message explaining the finding, from one of its usages.
        public var message: String?
    }

    /// An image whose base reaches end of life soon (an `eol-soon` finding), with the date.
    public struct EndingSoonRow: Sendable, Hashable, Codable {
        /// The image as normalized.
        public var image: String
        /// What ends (`Ubuntu 22.04 (jammy)`); `nil` when no end-of-life source census reads knows the image.
        public var endsWhat: String?
        /// The end-of-life day, `yyyy-MM-dd`; `nil` when unknown (the finding's message still says).
        public var endOfLife: String?
        /// Calendar days from the run's day to `endOfLife`.
        public var daysLeft: Int?
        /// The severity the policy gives `eol-soon`.
        public var severity: String
        /// Repositories using it, by name.
        public var repositories: [String]
        /// Branches using it.
        public var branches: Int
        /// File:line usages of it.
        public var usages: Int
        /// The replacement suggested, when one is known.
        public var suggestion: String?
        /// The finding's message, from one of its usages.
        public var message: String
    }

    /// One finding with its link.
    public struct LinkedFinding: Sendable, Hashable, Codable {
        /// The file holding the usage.
        public var path: String
        /// The line of the usage.
        public var line: Int
        /// The file and line at the scanned commit; `nil` for local repositories.
        public var link: String?
        /// The image as normalized, or the text as written when it did not resolve.
        public var image: String
        /// The rule id (`outdated-tag`, …).
        public var rule: String
        /// `error`, `warning` or `note`.
        public var severity: String
        /// What is wrong, in words the product team understands.
        public var message: String
        /// The image to move to, when one is known.
        public var suggestion: String?
        /// Who to contact: the CODEOWNERS owners of the file on the branch, else the repository's team
        /// from repos.txt (as the outreach lists address it); `nil` when neither is known.
        public var owner: String?
    }

    /// A branch and its findings.
    public struct BranchSection: Sendable, Hashable, Codable {
        /// The branch name.
        public var name: String
        /// The commit its references come from.
        public var commitID: String?
        /// True when the branch (or its repository) failed this week and its last good scan is shown.
        public var stale: Bool
        /// Its findings, by path and line.
        public var findings: [LinkedFinding]
    }

    /// A repository with findings, and its branches.
    public struct RepositorySection: Sendable, Hashable, Codable {
        /// The repository's display name.
        public var name: String
        /// The repository's team from repos.txt, when known.
        public var team: String?
        /// The repository's url as stored (without credentials).
        public var url: String
        /// Its findings this week.
        public var findings: Int
        /// Findings per severity.
        public var severities: [String: Int]
        /// Its branches with findings, by name.
        public var branches: [BranchSection]
    }

    /// A repository or branch that could not be crawled this week, and why.
    public struct Failure: Sendable, Hashable, Codable {
        /// The repository's display name.
        public var repository: String
        /// `nil` when the whole repository failed.
        public var branch: String?
        /// Why it failed.
        public var error: String
    }

    /// One week of the trend.
    public struct TrendPoint: Sendable, Hashable, Codable {
        /// The ISO week.
        public var week: String
        /// The run standing for the week.
        public var runID: Int64
        /// Repositories the week's run set out to crawl.
        public var repositories: Int
        /// Repositories that failed to crawl that week.
        public var repositoriesFailed: Int
        /// Tracked branches.
        public var branches: Int
        /// Image references of every tracked branch.
        public var references: Int
        /// `nil` when that run was not judged against a policy.
        public var findings: Int?
        /// Findings of severity `error`; `nil` when that run was not judged against a policy.
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
    /// The most widely used images with a `non-standard-image` finding.
    public var nonStandardImages: [ImageRow]
    /// The most widely used Dockerfile bases with an `unapproved-base-image` finding.
    public var unapprovedBaseImages: [ImageRow]
    /// The most widely used images with an `outdated-tag` finding.
    public var outdatedImages: [ImageRow]
    /// The most widely used images that must go: `deprecated-image`, `eol-os`, `eol-image` or `removed-tag`.
    public var retiredImages: [ImageRow]
    /// Images reaching end of life within the policy's `warnBeforeEolDays` (`eol-soon`), soonest first.
    public var endingSoon: [EndingSoonRow]
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
