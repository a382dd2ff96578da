import Extraction
import Git

/// The candidate files of one commit's tree, read straight from the object database (no checkout).
public struct GitTreeSource: SnapshotSource {
    public let repository: Repository
    public let tree: ObjectID

    public init(repository: Repository, tree: ObjectID) {
        self.repository = repository
        self.tree = tree
    }

    public func candidates() throws -> [CandidateFile] {
        try repository.walkTree(tree, include: { FileKind.classify(path: $0) != nil }).map { entry in
            let kind = FileKind.classify(path: entry.path)
            switch entry.kind {
            case .blob, .executable:
                return CandidateFile(path: entry.path, kind: kind, entry: .file, blobID: entry.id.hex)
            case .symlink:
                return CandidateFile(path: entry.path, kind: kind, entry: .symlink, blobID: entry.id.hex)
            case .submodule:
                return CandidateFile(path: entry.path, kind: nil, entry: .submodule, blobID: nil)
            }
        }
    }

    public func content(of file: CandidateFile, maxSize: Int) throws -> BlobContent {
        guard let hex = file.blobID, let id = ObjectID(hex: hex) else { return .bytes([]) }
        return try repository.readBlob(id, maxSize: maxSize)
    }
}
