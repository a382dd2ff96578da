import Inventory

/// One change census proposes for one branch of one repository, as the migration fills it in for
/// the pull-request text: what it builds on, what it edits, and what it leaves alone and why.
public struct ProposedChange: Sendable, Hashable {
    /// A place in a file of the branch, as the inventory records proposed changes.
    public typealias Location = MigrationChangeRecord.Location

    /// One rewrite of image text where it is defined.
    public struct Edit: Sendable, Hashable, Codable {
        /// Where the image text is written (the literal, the ARG default, the variable, …).
        public var location: Location
        /// The image text as written before the change.
        public var from: String
        /// The image text written instead.
        public var to: String
        /// The usages this definition serves when they are written elsewhere (an ARG used by a
        /// `FROM`, a variable used by two pipelines, an alias used by several jobs); empty when the
        /// definition is itself the usage (a literal written where it is used).
        public var usages: [Location]

        /// An edit at `location` from `from` to `to`, serving `usages`.
        public init(location: Location, from: String, to: String, usages: [Location] = []) {
            self.location = location
            self.from = from
            self.to = to
            self.usages = usages
        }
    }

    /// A usage that matched but was not changed.
    public struct LeftAlone: Sendable, Hashable, Codable {
        /// Where the usage is.
        public var location: Location
        /// The image as written or resolved there.
        public var image: String
        /// Why it was not changed, in words a product team understands ("the variable is also used by
        /// eng/build.yml:12, which uses another image").
        public var reason: String

        /// A usage at `location` of `image`, left alone for `reason`.
        public init(location: Location, image: String, reason: String) {
            self.location = location
            self.image = image
            self.reason = reason
        }
    }

    /// The repository's display name.
    public var repository: String
    /// The repository's URL as in repos.txt (for links; never shown, so credentials in it stay out).
    public var repositoryURL: String
    /// The branch the change builds on.
    public var baseBranch: String
    /// The scanned tip of `baseBranch`, the parent of the change.
    public var baseCommit: String
    /// The branch holding the change (`census/migrate/<name>/<branch>`).
    public var branch: String
    /// The edits.
    public var edits: [Edit]
    /// The matching usages left alone.
    public var leftAlone: [LeftAlone]
    /// The branch's CODEOWNERS rules at `baseCommit`, if it has a CODEOWNERS file.
    public var codeowners: CodeOwners?
    /// The repository's `team` from repos.txt.
    public var team: String?
    /// The repository's `contact` from repos.txt.
    public var contact: String?

    /// A proposed change; see the properties.
    public init(repository: String, repositoryURL: String, baseBranch: String, baseCommit: String, branch: String,
                edits: [Edit], leftAlone: [LeftAlone] = [], codeowners: CodeOwners? = nil, team: String? = nil,
                contact: String? = nil) {
        self.repository = repository
        self.repositoryURL = repositoryURL
        self.baseBranch = baseBranch
        self.baseCommit = baseCommit
        self.branch = branch
        self.edits = edits
        self.leftAlone = leftAlone
        self.codeowners = codeowners
        self.team = team
        self.contact = contact
    }
}
