import Extraction

/// The migration of one repository's branch: what is rewritten, what is left alone, the commit that holds
/// the change, and whether a re-scan of that commit proved it.
public struct BranchMigration: Sendable {
    /// The repository's display name.
    public var repository: String
    /// The repository's url as stored (without credentials).
    public var url: String
    /// The branch name.
    public var branch: String
    /// The scanned tip the change is made on.
    public var scannedCommit: String
    /// Site rewrites, by file and line.
    public var changes: [SiteChange]
    /// Selected usages not changed, with why.
    public var leftAlone: [LeftAlone]
    /// One entry per edited file.
    public var files: [FileChange]
    /// The commit holding the change (written in the mirror), when there is one.
    public var commit: String?
    /// The branch the commit was put on, when `--commit` asked for it.
    public var createdBranch: String?
    /// The commit message.
    public var message: String
    /// What the re-scan of the new commit found.
    public var verification: Verification
    /// Why the branch could not be looked at (no mirror, never scanned); nil when it was.
    public var problem: String?
    /// Set when this census's scan of the scanned commit differs from what the inventory stored for it
    /// (a crawl by another census version): the plan follows this census's scan.
    public var note: String?
    /// What `--push` did with the change; nil when it was not asked to push or there was nothing to push.
    public var push: BranchPush? = nil

    /// Whether the change can be offered: there is one and its re-scan proved it.
    public var isOffered: Bool {
        if case .passed = verification { return commit != nil }
        return false
    }
}

/// One edited file: its old and new bytes, as a unified diff.
public struct FileChange: Sendable, Hashable {
    /// Repository-relative path of the file.
    public var path: String
    /// The replacements made in it, by offset.
    public var edits: [TextEdit]
    /// `--- a/…` `+++ b/…` and the hunks.
    public var diff: String
}

/// What the re-scan of the new commit found.
public enum Verification: Sendable, Hashable {
    /// Every selected usage that was changed resolves to its target and nothing else changed.
    case passed
    /// The re-scan disagrees with what the change should do; each line says how.
    case failed([String])
    /// Nothing to verify (no change), or the branch could not be looked at.
    case notRun
}
