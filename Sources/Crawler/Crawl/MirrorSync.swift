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
    /// What was repaired in the mirror, in the user's words ("mirror was damaged (missing objects on
    /// branch main) and was fetched again"); nil when nothing needed it. Set in both states: a
    /// repair may have happened before the repository failed for another reason.
    var repaired: String?
}

/// A mirror holding the tips of every tracked branch, or a repository on this machine read where it
/// is, with what the inventory already knows about them.
struct ReadyMirror: Sendable {
    var repositoryID: Int64
    /// The bare mirror's folder, or the folder of a repository read in place (as repos.txt names it);
    /// every scan job opens its own handle on it.
    var path: String
    /// The tracked branches, sorted.
    var branches: [String]
    /// The mirror's branch tips after the fetch.
    var tips: [String: ObjectID]
    /// Nothing was fetched: every tracked tip was already in the mirror, or the repository is read in place.
    var fetchSkipped: Bool
    /// Tips whose references are already stored (by this build's extractors), by commit id.
    var stored: [String: StoredCommitScan]
    /// Each branch's commit in the repository's latest successful run.
    var previousTips: [String: String]
    /// The mirror's lock, held until the last copy of this value is gone (when the repository's
    /// branches are scanned and recorded), so that no other crawl sharing the cache fetches into or
    /// re-creates the mirror meanwhile. Nil for a repository read in place: census never writes
    /// there, so there is nothing to lock and nothing it may repair.
    var lock: MirrorLock?
    /// Which handle a scan thread may reuse for this mirror (`ScanThreadRepository`): a new one each
    /// time a mirror is made ready, so a re-created mirror is never read through an older handle.
    var generation = ScanThreadRepository.Generation.next()

    /// Whether this is the user's own repository, read where it is, rather than a mirror census keeps.
    var isInPlace: Bool { lock == nil }
}
