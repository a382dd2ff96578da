import Git
import Inventory

/// What one repository's branches need, decided before any scan job runs.
struct BranchPlan: Sendable {
    /// Branches whose tip commit is already stored: only a branch scan row is written.
    var reused: [(branch: String, commit: String, stored: StoredCommitScan, unchanged: Bool)]
    /// Commits to scan, each once, with every tracked branch at that commit: first the commit the
    /// others are scanned against (the tip of `main` or `master` when one needs scanning), then the
    /// others sorted by commit.
    var toScan: [(tip: ObjectID, branches: [String])]
    /// Branches the remote listed that the mirror lacks after the fetch.
    var missing: [String]
    var repositoryID: Int64

    init(_ mirror: ReadyMirror) {
        repositoryID = mirror.repositoryID
        reused = []
        missing = []
        var byTip: [ObjectID: [String]] = [:]
        for branch in mirror.branches {
            guard let tip = mirror.tips[branch] else {
                missing.append(branch)
                continue
            }
            if let stored = mirror.stored[tip.hex] {
                reused.append((branch, tip.hex, stored, mirror.previousTips[branch] == tip.hex))
            } else {
                byTip[tip, default: []].append(branch)
            }
        }
        toScan = byTip.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let base = toScan.firstIndex(where: { $0.branches.contains("main") || $0.branches.contains("master") }) {
            toScan.insert(toScan.remove(at: base), at: 0)
        }
    }
}

/// How one branch ended in one run.
struct BranchResult: Sendable {
    var branch: String
    var references: Int
    /// The commit's stored references were shared: nothing was read from git.
    var reused: Bool
    /// The branch is at the commit the repository's previous crawl recorded for it.
    var unchanged = false
    /// Why the branch failed, free of credentials.
    var error: String?
    /// Even the branch's failure could not be written: the run holds no row for it, so the repository
    /// must not be recorded as reached (its branches would read as deleted).
    var unrecorded = false
    /// The scan failed on the mirror's own files (`GitError.localDamage`): a new clone would cure it.
    var damage: String?
}
