import Extraction

/// One reference of `current_references`: where a branch currently names an image.
public struct StoredReference: Sendable, Hashable, Codable {
    /// The repository's display name.
    public var repository: String
    /// The owning team, when known.
    public var team: String?
    /// How to reach the team, when known.
    public var contact: String?
    /// The branch name.
    public var branch: String
    /// The commit the reference was read from.
    public var commitID: String
    /// The run whose scan of the branch supplied the reference.
    public var runID: Int64
    /// True when the branch failed to scan in its repository's latest run and this comes from an
    /// earlier successful scan.
    public var stale: Bool
    /// The reference itself, as `census scan` prints it.
    public var reference: Reference
    /// The `reference.id` row, for joining findings; `nil` when not read from the database.
    public var referenceID: Int64?

    /// A stored reference with every field given.
    public init(repository: String, team: String?, contact: String?, branch: String, commitID: String,
                runID: Int64, stale: Bool, reference: Reference, referenceID: Int64? = nil) {
        self.repository = repository
        self.team = team
        self.contact = contact
        self.branch = branch
        self.commitID = commitID
        self.runID = runID
        self.stale = stale
        self.reference = reference
        self.referenceID = referenceID
    }
}
