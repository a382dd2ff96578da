/// What a fetch changed in the local repository.
public struct FetchResult: Sendable, Hashable {
    /// Local tips of the requested branches that the remote advertised, after the fetch.
    public var branches: [String: ObjectID]
    /// Requested branches the remote does not have (nothing was fetched for them), sorted.
    public var missing: [String]
    /// Local branches deleted by pruning, sorted.
    public var pruned: [String]

    /// Creates a result.
    public init(branches: [String: ObjectID], missing: [String], pruned: [String]) {
        self.branches = branches
        self.missing = missing
        self.pruned = pruned
    }
}
