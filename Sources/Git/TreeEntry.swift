/// What a non-directory tree entry is, from its git file mode (or its unusable name).
public enum EntryKind: String, Sendable, Hashable, Codable {
    /// A regular file (mode 100644).
    case blob
    /// An executable file (mode 100755); its content is a blob like any file's.
    case executable
    /// A symbolic link (mode 120000); the blob holds the link target, which is never followed.
    case symlink
    /// A submodule (mode 160000); the id names a commit of another repository, never followed.
    case submodule
    /// An entry whose name cannot be a path in a checkout (empty, `.`, `..`, or containing `/`):
    /// git itself refuses to check it out, so it is reported, never read or descended into.
    case unusableName
}

/// One file, link or submodule found in a tree, with its repository-relative path.
public struct TreeEntry: Sendable, Hashable, Codable {
    /// Path from the repository root, `/`-separated, without a leading slash.
    public var path: String
    /// The blob id (files and links) or commit id (submodules).
    public var id: ObjectID
    /// What the entry is.
    public var kind: EntryKind

    /// Creates an entry.
    public init(path: String, id: ObjectID, kind: EntryKind) {
        self.path = path
        self.id = id
        self.kind = kind
    }
}
