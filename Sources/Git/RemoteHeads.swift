/// The branches a remote advertises, without fetching anything.
public struct RemoteHeads: Sendable, Hashable {
    /// Branch tips by short name ("main", "release/8.0"); only `refs/heads/*`, never tags or pull refs.
    public var branches: [String: ObjectID]
    /// The branch the remote's HEAD points to, if it advertises one.
    public var defaultBranch: String?

    /// Creates a listing.
    public init(branches: [String: ObjectID], defaultBranch: String?) {
        self.branches = branches
        self.defaultBranch = defaultBranch
    }
}
