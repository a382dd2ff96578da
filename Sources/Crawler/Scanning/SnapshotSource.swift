import Extraction
import Git

/// A file of a snapshot that may name images.
public struct CandidateFile: Sendable, Hashable, Codable {
    /// What the candidate is in the tree.
    public enum Entry: String, Sendable, Hashable, Codable {
        case file, symlink, submodule
        /// A tree entry whose name cannot be a path (`..`, `.`, empty, containing `/`): never read.
        case unusableName
    }

    /// Path from the snapshot root, `/`-separated.
    public var path: String
    /// The file kind by name; nil for submodules.
    public var kind: FileKind?
    /// File, symlink or submodule.
    public var entry: Entry
    /// The git blob id, or `nil` for a working-directory file.
    public var blobID: String?

    /// Whether a file or symlink at `path` is a candidate (submodules always are): what tree walks
    /// and tree comparisons both filter by.
    public static func isCandidate(path: String) -> Bool {
        FileKind.classify(path: path) != nil
    }

    /// A candidate file.
    public init(path: String, kind: FileKind?, entry: Entry, blobID: String?) {
        self.path = path
        self.kind = kind
        self.entry = entry
        self.blobID = blobID
    }
}

/// What a snapshot offers the scanner: its candidate files and their bytes.
/// Implementations are used on one thread (git handles are not shareable).
public protocol SnapshotSource {
    /// The candidate files (by `FileKind.classify`), plus symlinks and submodules worth a warning.
    func candidates() throws -> [CandidateFile]
    /// The bytes of a candidate file, or its size when it is over `maxSize`.
    func content(of file: CandidateFile, maxSize: Int) throws -> BlobContent
}
