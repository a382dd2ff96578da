import Extraction
import Git

/// The candidate files of one commit's tree, read straight from the object database (no checkout).
/// With a tree cache, subtrees whose candidates are already known are not read again.
public struct GitTreeSource: SnapshotSource {
    /// The repository the tree is read from (used on one thread).
    public let repository: Repository
    /// The root tree of the snapshot.
    public let tree: ObjectID
    let treeCache: (any TreeListingCache)?

    /// A source that reads every tree from git.
    public init(repository: Repository, tree: ObjectID) {
        self.init(repository: repository, tree: tree, treeCache: nil)
    }

    init(repository: Repository, tree: ObjectID, treeCache: (any TreeListingCache)?) {
        self.repository = repository
        self.tree = tree
        self.treeCache = treeCache
    }

    /// Every candidate file of the tree, sorted by path.
    public func candidates() throws -> [CandidateFile] {
        try TreeCandidateWalker(repository: repository, cache: treeCache).walk(tree).candidates
    }

    /// The blob of a candidate file, or its size when it is over `maxSize`.
    public func content(of file: CandidateFile, maxSize: Int) throws -> BlobContent {
        guard let hex = file.blobID, let id = ObjectID(hex: hex) else { return .bytes([]) }
        return try repository.readBlob(id, maxSize: maxSize)
    }
}
