import Foundation
import Git

/// A branch's history read from a (bare) git repository, for `ManifestCatalogBuilder`.
///
/// Like every libgit2 handle user, an instance belongs to one thread: create and use it on the same one.
public final class GitManifestHistory: ManifestHistorySource {
    /// The largest manifest file read (ImageBuilder manifests are tens of kilobytes).
    public static let maxManifestSize = 8 * 1024 * 1024

    private let repository: Repository
    private let tip: ObjectID
    private let maxCommits: Int
    private var trees: [String: ObjectID] = [:]
    private var wholeHistory: [ManifestCommit]?

    /// The history of `branch` (a branch name, `refs/heads/…`, or any revision) in `repository`, looking
    /// at most at `maxCommits` first-parent commits back from the tip.
    public init(repository: Repository, branch: String, maxCommits: Int = 50_000) throws {
        self.repository = repository
        let revision = branch.hasPrefix("refs/") ? branch : "refs/heads/\(branch)"
        self.tip = try repository.resolveCommit(revision)
        self.maxCommits = maxCommits
    }

    /// The history ending at the commit `tip` (as a fetch reports it) in `repository`.
    public init(repository: Repository, tip: ObjectID, maxCommits: Int = 50_000) {
        self.repository = repository
        self.tip = tip
        self.maxCommits = maxCommits
    }

    /// First-parent commits from the root (or the `maxCommits` limit) to the tip.
    public func commits() throws -> [ManifestCommit] {
        if let wholeHistory { return wholeHistory }
        let (commits, _) = try walkBack(until: nil)
        wholeHistory = commits
        return commits
    }

    /// The tip the history ends at.
    public func tipCommit() throws -> String? {
        tip.hex
    }

    /// First-parent commits after `ancestor`, read back from the tip only as far as `ancestor`; `nil`
    /// when the line does not pass through it (the walk then knows the whole history, kept for `commits()`).
    public func commits(after ancestor: String) throws -> [ManifestCommit]? {
        let (commits, found) = try walkBack(until: ancestor)
        if found { return commits }
        wholeHistory = commits
        return nil
    }

    /// Commits from the tip back along first parents, stopping before `stop` (found) or at the root or the
    /// `maxCommits` limit (not found); returned oldest first.
    private func walkBack(until stop: String?) throws -> (commits: [ManifestCommit], found: Bool) {
        var commits: [ManifestCommit] = []
        var next: ObjectID? = tip
        while let id = next, commits.count < maxCommits {
            if id.hex == stop { return (commits.reversed(), true) }
            let info = try repository.commitInfo(id)
            trees[id.hex] = info.tree
            commits.append(ManifestCommit(id: id.hex, date: info.time))
            next = info.parents.first
        }
        return (commits.reversed(), false)
    }

    /// The blob at `path` in `commit`, or `nil` when absent (or not a file).
    public func file(_ path: String, at commit: String) throws -> ManifestBlob? {
        let tree: ObjectID
        if let known = trees[commit] {
            tree = known
        } else {
            guard let id = ObjectID(hex: commit) else { return nil }
            tree = try repository.commitInfo(id).tree
        }
        guard let blobID = try repository.entryID(atPath: path, inTree: tree) else { return nil }
        do {
            switch try repository.readBlob(blobID, maxSize: Self.maxManifestSize) {
            case .bytes(let bytes):
                return ManifestBlob(id: blobID.hex, bytes: Data(bytes))
            case .tooLarge(let size):
                throw PolicyError.invalidManifest(path: path, commit: commit,
                                                  problem: "\(size) bytes is larger than the \(Self.maxManifestSize)-byte limit")
            }
        } catch GitError.wrongObjectKind {
            return nil // a folder where a file was expected: no manifest there
        }
    }
}
