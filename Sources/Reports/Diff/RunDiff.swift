import Foundation

/// What changed between two runs: references (and findings) that appeared and disappeared, by
/// repository and branch (`census diff`).
///
/// A usage is the same across runs when its repository, branch, file, kind, context, text and image
/// are: a line that only moved (lines added above it) is not a change.
public struct RunDiff: Sendable, Hashable, Codable {
    /// One side of the comparison.
    public struct RunInfo: Sendable, Hashable, Codable {
        /// The run id.
        public var id: Int64
        /// When it started.
        public var startedAt: Date
        /// Its ISO week.
        public var week: String
    }

    /// One usage that appeared or disappeared.
    public struct Usage: Sendable, Hashable, Codable {
        /// The file.
        public var path: String
        /// The line (in the run where the usage exists).
        public var line: Int
        /// `<source>/<what>`.
        public var kind: String
        /// The normalized image, or the text as written when it did not resolve.
        public var image: String
    }

    /// One finding that appeared or disappeared.
    public struct FindingChange: Sendable, Hashable, Codable {
        /// The file.
        public var path: String
        /// The line (in the run where the finding exists).
        public var line: Int
        /// The image.
        public var image: String
        /// The rule id.
        public var rule: String
        /// `error`, `warning` or `note`.
        public var severity: String
        /// The message.
        public var message: String
    }

    /// The changes of one branch.
    public struct BranchChanges: Sendable, Hashable, Codable {
        /// The repository's display name.
        public var repository: String
        /// The branch.
        public var branch: String
        /// The commit in the earlier run; `nil` when the branch was not tracked (or never scanned) then.
        public var fromCommit: String?
        /// The commit in the later run; `nil` when the branch is gone (or never scanned) then.
        public var toCommit: String?
        /// Usages present in the later run only, by path and line.
        public var referencesAppeared: [Usage]
        /// Usages present in the earlier run only, by path and line.
        public var referencesDisappeared: [Usage]
        /// Findings present in the later run only.
        public var findingsAppeared: [FindingChange]
        /// Findings present in the earlier run only.
        public var findingsDisappeared: [FindingChange]
    }

    /// Counts over every branch.
    public struct Totals: Sendable, Hashable, Codable {
        /// Usages present in the later run only.
        public var referencesAppeared: Int
        /// Usages present in the earlier run only.
        public var referencesDisappeared: Int
        /// Findings present in the later run only.
        public var findingsAppeared: Int
        /// Findings present in the earlier run only.
        public var findingsDisappeared: Int
        /// Branches tracked in the later run only.
        public var branchesAdded: Int
        /// Branches tracked in the earlier run only.
        public var branchesRemoved: Int
    }

    /// The earlier run.
    public var from: RunInfo
    /// The later run.
    public var to: RunInfo
    /// Whether findings were compared (both runs were judged against a policy).
    public var findingsCompared: Bool
    /// Counts over every branch.
    public var totals: Totals
    /// Branches with changes, by repository and branch.
    public var branches: [BranchChanges]
}
