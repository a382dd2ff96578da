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
}
