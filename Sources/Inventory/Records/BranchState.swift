/// A tracked branch as a run left it (a row of the `run_branches` view): its repository, whether it
/// was scanned, and the commit its references come from.
public struct BranchState: Sendable, Hashable, Codable {
    /// The repository's display name.
    public var repository: String
    /// The repository's url as stored (without credentials).
    public var repositoryURL: String
    /// The owning team, when known.
    public var team: String?
    /// How to reach the team, when known.
    public var contact: String?
    /// The branch name.
    public var branch: String
    /// The branch's status in its repository's latest successful crawl up to the run.
    public var latestStatus: BranchScanStatus
    /// Why the branch failed, when it did.
    public var latestError: String?
    /// The commit the branch's references come from; `nil` when it never scanned successfully.
    public var commitID: String?
    /// True when the references come from an earlier run (the branch or its repository failed).
    public var stale: Bool
    /// The run that scanned `commitID`; nil when none did.
    public var runID: Int64?

    /// A branch state with every field given.
    public init(repository: String, repositoryURL: String, team: String?, contact: String?, branch: String,
                latestStatus: BranchScanStatus, latestError: String?, commitID: String?, stale: Bool,
                runID: Int64? = nil) {
        self.repository = repository
        self.repositoryURL = repositoryURL
        self.team = team
        self.contact = contact
        self.branch = branch
        self.latestStatus = latestStatus
        self.latestError = latestError
        self.commitID = commitID
        self.stale = stale
        self.runID = runID
    }
}
