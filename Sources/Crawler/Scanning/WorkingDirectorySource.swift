import Extraction
import Foundation
import Git

/// The candidate files of a folder on disk (`census scan PATH`, `census check PATH`).
/// `.git` folders are skipped; nested repositories are reported, not entered.
public struct WorkingDirectorySource: SnapshotSource {
    /// The scanned folder.
    public let root: URL

    /// A source for the folder at `root`; fails when it is not a folder.
    public init(root: String) throws(CrawlerError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .pathNotFound(root)
        }
        self.root = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
    }

    /// Every candidate file below the folder, sorted by path.
    public func candidates() throws -> [CandidateFile] {
        let keys: [URLResourceKey] = [.isSymbolicLinkKey, .isDirectoryKey, .isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else {
            throw CrawlerError.pathNotFound(root.path)
        }
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        var found: [CandidateFile] = []
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: Set(keys))
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(prefix) else { continue }
            let path = String(full.dropFirst(prefix.count))
            if values?.isDirectory == true {
                if url.lastPathComponent == ".git" {
                    walker.skipDescendants()
                } else if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) {
                    found.append(CandidateFile(path: path, kind: nil, entry: .submodule, blobID: nil))
                    walker.skipDescendants()
                }
                continue
            }
            guard let kind = FileKind.classify(path: path) else { continue }
            if values?.isSymbolicLink == true {
                found.append(CandidateFile(path: path, kind: kind, entry: .symlink, blobID: nil))
            } else if values?.isRegularFile == true {
                found.append(CandidateFile(path: path, kind: kind, entry: .file, blobID: nil))
            }
        }
        // A `.env` serves only the compose files beside it: elsewhere it is not a candidate.
        let namesByFolder = Dictionary(grouping: found.map(\.path)) { ($0 as NSString).deletingLastPathComponent }
        return found.filter { file in
            guard let kind = file.kind, kind == .composeEnv else { return true }
            let folder = (file.path as NSString).deletingLastPathComponent
            return FileKind.isRead(kind, siblings: (namesByFolder[folder] ?? []).map { ($0 as NSString).lastPathComponent })
        }.sorted { $0.path < $1.path }
    }

    /// The bytes of a candidate file, or its size when it is over `maxSize`.
    public func content(of file: CandidateFile, maxSize: Int) throws -> BlobContent {
        let url = root.appendingPathComponent(file.path)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        if size > maxSize { return .tooLarge(size: size) }
        try handle.seek(toOffset: 0)
        return .bytes(Array(try handle.readToEnd() ?? Data()))
    }
}
