import Git

/// How `census migrate --push` sends each verified change: the credentials and time limit of a fetch,
/// and the earlier pushes of ours that a new push may replace.
public struct PushSettings: Sendable {
    /// The repository and remote branch of an earlier push.
    public struct EarlierPush: Sendable, Hashable {
        /// The repository's display name.
        public var repository: String
        /// The remote branch (`census/migrate/<name>/<branch>`).
        public var branch: String

        /// The earlier push of `branch` in `repository`.
        public init(repository: String, branch: String) {
            self.repository = repository
            self.branch = branch
        }
    }

    /// Tokens scoped to their hosts, as for a crawl (docs/credentials.md).
    public var credentials: Credentials
    /// How long one push may take.
    public var timeout: Duration
    /// The commit each remote branch was left at by an earlier push of ours, as the inventory recorded
    /// it: only such a branch may be replaced.
    public var earlier: [EarlierPush: ObjectID]

    /// Settings for pushing with `credentials`.
    public init(credentials: Credentials, timeout: Duration = Remote.defaultPushTimeout,
                earlier: [EarlierPush: ObjectID] = [:]) {
        self.credentials = credentials
        self.timeout = timeout
        self.earlier = earlier
    }
}
