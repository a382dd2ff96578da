import Foundation

/// One commit of a catalog repository's branch.
public struct ManifestCommit: Sendable, Hashable {
    /// The commit id (hex).
    public var id: String
    /// The commit's time.
    public var date: Date

    /// A commit record.
    public init(id: String, date: Date) {
        self.id = id
        self.date = date
    }
}

/// A file's content at a commit, with the blob id that identifies it (so unchanged files are parsed once).
public struct ManifestBlob: Sendable, Hashable {
    /// The blob id (hex).
    public var id: String
    /// The file's bytes.
    public var bytes: Data

    /// A blob record.
    public init(id: String, bytes: Data) {
        self.id = id
        self.bytes = bytes
    }
}

/// Read access to the history of the branch that holds an ImageBuilder manifest.
///
/// `GitManifestHistory` implements it over a bare mirror; the catalog builder needs nothing else, so it
/// stays a pure function of what the history says.
public protocol ManifestHistorySource {
    /// The branch's commits along first parents, oldest first.
    func commits() throws -> [ManifestCommit]
    /// The file at `path` (repository-relative) in `commit`, or `nil` when it does not exist there.
    func file(_ path: String, at commit: String) throws -> ManifestBlob?
    /// The branch's tip commit, read without walking the history.
    func tipCommit() throws -> String?
    /// The first-parent commits after `ancestor` up to the tip, oldest first; `nil` when `ancestor` is not
    /// on the tip's first-parent line (a force-push, a rewritten branch).
    func commits(after ancestor: String) throws -> [ManifestCommit]?
}

extension ManifestHistorySource {
    /// The last of `commits()`.
    public func tipCommit() throws -> String? {
        try commits().last?.id
    }

    /// `commits()` after `ancestor`.
    public func commits(after ancestor: String) throws -> [ManifestCommit]? {
        let all = try commits()
        guard let index = all.firstIndex(where: { $0.id == ancestor }) else { return nil }
        return Array(all[all.index(after: index)...])
    }
}
