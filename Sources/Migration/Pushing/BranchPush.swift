/// What `census migrate --push` did with one branch's verified change: the remote branch it went to
/// and how, or why it was not pushed; and the text that proposes it for review.
public struct BranchPush: Sendable, Hashable {
    /// How the remote branch `census/migrate/<name>/<branch>` ended up.
    public enum Outcome: String, Sendable, Hashable {
        /// It did not exist and now holds the change.
        case created
        /// It held an earlier push of ours (recorded in the inventory) and now holds the change.
        case replaced
        /// It already held the change; nothing was sent.
        case alreadyPresent = "already-present"
        /// Nothing was pushed for this branch (`error` says why).
        case refused
    }

    /// The remote branch (`census/migrate/<name>/<branch>`).
    public var branch: String
    /// What happened.
    public var outcome: Outcome
    /// Why nothing was pushed, in words a user can act on; nil when pushed.
    public var error: String?
    /// What the remote printed while receiving the push (hook output), scrubbed of secrets.
    public var remoteMessage: String
    /// The page that opens a pull request from the branch, where the host is known.
    public var compareURL: String?
    /// The pull request's title.
    public var pullRequestTitle: String?
    /// The pull request's Markdown body.
    public var pullRequestBody: String?
    /// Where the body was written (under `--out`).
    public var pullRequestFile: String?
    /// The remote refused the credentials: the repository's other branches are not tried.
    var stopsRepository = false

    /// A push of `branch` that ended with `outcome`.
    public init(branch: String, outcome: Outcome, error: String? = nil, remoteMessage: String = "") {
        self.branch = branch
        self.outcome = outcome
        self.error = error
        self.remoteMessage = remoteMessage
    }

    /// Whether the remote branch holds the change.
    public var isPushed: Bool { outcome != .refused }
}
