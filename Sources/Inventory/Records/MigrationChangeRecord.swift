import Foundation

/// A change `census migrate` proposed for one branch (a row of `migration_change`): what it was based
/// on, where it went, and the edits it makes.
public struct MigrationChangeRecord: Sendable, Hashable, Codable {
    /// A place in a file of the branch.
    public struct Location: Sendable, Hashable, Codable {
        /// The repository-relative path.
        public var path: String
        /// The 1-based line.
        public var line: Int

        /// The place at `line` of `path`.
        public init(path: String, line: Int) {
            self.path = path
            self.line = line
        }
    }

    /// One rewrite of image text where it is written, and the usages that move with it.
    public struct Edit: Sendable, Hashable, Codable {
        /// The file the text is written in.
        public var file: String
        /// Its line.
        public var line: Int
        /// The text before the change.
        public var from: String
        /// The text after it.
        public var to: String
        /// Every usage that moves with this edit (the definition's own line when it is the usage).
        public var usages: [Location]

        /// An edit of `file:line` from `from` to `to`, moving `usages`.
        public init(file: String, line: Int, from: String, to: String, usages: [Location]) {
            self.file = file
            self.line = line
            self.from = from
            self.to = to
            self.usages = usages
        }
    }

    /// The crawl whose scan the plan was based on; nil when unknown.
    public var runID: Int64?
    /// The repository's display name.
    public var repository: String
    /// The branch the change is for.
    public var branch: String
    /// The scanned tip the change builds on.
    public var scannedCommit: String
    /// The commit holding the change.
    public var newCommit: String
    /// The branch the change was put on (`census/migrate/<name>/<branch>`), when one was created.
    public var proposedBranch: String?
    /// Whether that branch was pushed to the repository's remote.
    public var pushed: Bool
    /// The patch file written for it, when `--patch-dir` was given.
    public var patchFile: String?
    /// When the change was made.
    public var createdAt: Date
    /// The edits.
    public var edits: [Edit]

    /// A record with every field given.
    public init(runID: Int64?, repository: String, branch: String, scannedCommit: String, newCommit: String,
                proposedBranch: String?, pushed: Bool, patchFile: String?, createdAt: Date, edits: [Edit]) {
        self.runID = runID
        self.repository = repository
        self.branch = branch
        self.scannedCommit = scannedCommit
        self.newCommit = newCommit
        self.proposedBranch = proposedBranch
        self.pushed = pushed
        self.patchFile = patchFile
        self.createdAt = createdAt
        self.edits = edits
    }

    /// Whether the change moves the usage at `path:line`.
    public func covers(path: String, line: Int) -> Bool {
        edits.contains { edit in edit.usages.contains { $0.path == path && $0.line == line } }
    }

    /// Where the change can be found, as people read it: the pushed branch, else the patch file, else the
    /// branch in the mirror.
    public var place: String {
        if pushed, let proposedBranch { return proposedBranch }
        if let patchFile { return (patchFile as NSString).lastPathComponent }
        return proposedBranch ?? String(newCommit.prefix(12))
    }
}
