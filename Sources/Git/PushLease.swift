/// What a push of a proposed change expects to find on the remote, and what it may replace there.
///
/// A change is a commit built on the scanned tip of a branch (`baseBranch` at `baseTip`) and pushed
/// under a new branch name. The push goes ahead only if the commit descends from `baseTip`, the
/// remote's `baseBranch` still points at `baseTip`, and the target branch does not exist, already
/// holds exactly the commit (nothing to send), or holds `replacing`, an earlier push of ours that
/// the caller recorded and wants replaced. Anything else is refused and nothing is sent.
public struct PushLease: Sendable, Hashable {
    /// The branch the change builds on (`main`, `release/8.0`).
    public var baseBranch: String
    /// The tip of `baseBranch` that was scanned and that the change's commit builds on.
    public var baseTip: ObjectID
    /// The tip of the target branch left by an earlier push of ours, which this push may replace;
    /// nil when the target branch must not exist yet.
    public var replacing: ObjectID?

    /// A lease for a change built on `baseTip` of `baseBranch`, optionally replacing an earlier push.
    public init(baseBranch: String, baseTip: ObjectID, replacing: ObjectID? = nil) {
        self.baseBranch = baseBranch
        self.baseTip = baseTip
        self.replacing = replacing
    }
}
