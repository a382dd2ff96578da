import Git
import Inventory

/// How synchronizing one repository's mirror with its remote ended.
struct MirrorSync: Sendable {
    enum State: Sendable {
        case ready(ReadyMirror)
        /// The repository failed as a whole; the message is free of credentials.
        case failed(String)
    }

    /// The repository's inventory id, when it could be recorded before anything failed.
    var repositoryID: Int64?
    var state: State
}

/// A mirror holding the tips of every tracked branch, with what the inventory already knows about them.
struct ReadyMirror: Sendable {
    var repositoryID: Int64
    /// The bare mirror's folder; every scan job opens its own handle on it.
    var path: String
    /// The tracked branches, sorted.
    var branches: [String]
    /// The mirror's branch tips after the fetch.
    var tips: [String: ObjectID]
    /// The fetch was skipped because every tracked tip was already in the mirror.
    var fetchSkipped: Bool
    /// Tips whose references are already stored (by this build's extractors), by commit id.
    var stored: [String: StoredCommitScan]
    /// Each branch's commit in the repository's latest successful run.
    var previousTips: [String: String]
}
