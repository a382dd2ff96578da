import Extraction
import Git

/// What the scan of one snapshot found, kept file by file so that a sibling snapshot (another
/// release branch, the same branch a commit later) can be scanned as its difference from this one.
public struct ScannedSnapshot: Sendable {
    /// Every candidate file, symlink and submodule, by path.
    public var candidates: [String: CandidateFile]
    /// The facts of every candidate file that was read, by path.
    public var facts: [String: FileFacts]
    /// The resolved references of each file that has any, by path, sorted as `census scan` prints them.
    public var references: [String: [Reference]]
    /// The warnings of each path that has any, sorted by line.
    public var warnings: [String: [FileWarning]]

    /// Every reference, sorted as `census scan` prints them.
    public var allReferences: [Reference] {
        // Each file's references are already in that order (`BranchResolver`), which starts with the path.
        references.keys.sorted().flatMap { references[$0] ?? [] }
    }

    /// Every warning, by path, line and message.
    public var allWarnings: [FileWarning] {
        warnings.values.flatMap { $0 }.sorted { ($0.path, $0.line ?? 0, $0.message) < ($1.path, $1.line ?? 0, $1.message) }
    }

    /// The flat form `census scan` prints and the inventory stores.
    public var scan: SnapshotScan {
        SnapshotScan(references: allReferences, warnings: allWarnings,
                     filesScanned: candidates.values.count { $0.entry == .file && $0.kind != nil })
    }

    /// The candidate a tree entry is, as `TreeCandidateWalker` lists it.
    static func candidate(_ entry: TreeEntry) -> CandidateFile {
        switch entry.kind {
        case .blob, .executable:
            CandidateFile(path: entry.path, kind: FileKind.classify(path: entry.path), entry: .file, blobID: entry.id.hex)
        case .symlink:
            CandidateFile(path: entry.path, kind: FileKind.classify(path: entry.path), entry: .symlink, blobID: entry.id.hex)
        case .submodule:
            CandidateFile(path: entry.path, kind: nil, entry: .submodule, blobID: nil)
        case .unusableName:
            CandidateFile(path: entry.path, kind: nil, entry: .unusableName, blobID: nil)
        }
    }

    /// The warning a path gets for what it is, before its content is read.
    static func entryWarning(_ candidate: CandidateFile) -> FileWarning? {
        switch candidate.entry {
        case .symlink: FileWarning(path: candidate.path, message: "symbolic link not followed")
        case .submodule: FileWarning(path: candidate.path, message: "submodule not scanned (crawl its repository to include it)")
        case .unusableName:
            FileWarning(path: candidate.path, message: "skipped: a tree entry whose name is '.', '..', empty or contains '/' "
                        + "cannot be checked out, so neither it nor anything below it is scanned")
        case .file: nil
        }
    }
}

/// What a snapshot scanned as its difference from another holds where the two may differ
/// (`SnapshotScanner.scan(_:changes:from:)`).
public struct ScannedDifference: Sendable {
    /// The paths whose references or warnings may differ from the base's; every other path's are the base's.
    public var touched: Set<String>
    /// The references of each touched path that has any, sorted as `census scan` prints them.
    public var references: [String: [Reference]] = [:]
    /// The warnings of each touched path that has any, sorted by line.
    public var warnings: [String: [FileWarning]] = [:]

    public init(touched: Set<String>) {
        self.touched = touched
    }
}
