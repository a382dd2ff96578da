/// What a push did to the remote's target branch.
public struct PushResult: Sendable, Hashable {
    /// How the target branch changed.
    public enum Outcome: Sendable, Hashable {
        /// The branch did not exist and now points at the commit.
        case created
        /// The branch held an earlier push of ours (`previous`) and now points at the commit.
        case replaced(previous: ObjectID)
        /// The branch already pointed at the commit; nothing was sent.
        case alreadyPresent
    }

    /// The target branch (short name).
    public var branch: String
    /// The commit the branch points at on the remote.
    public var commit: ObjectID
    /// How the branch changed.
    public var outcome: Outcome
    /// What the remote printed while receiving the push (hook output), scrubbed of secrets; may be empty.
    public var remoteMessage: String

    /// A result for `branch` at `commit`.
    public init(branch: String, commit: ObjectID, outcome: Outcome, remoteMessage: String = "") {
        self.branch = branch
        self.commit = commit
        self.outcome = outcome
        self.remoteMessage = remoteMessage
    }
}
