import Extraction
import Git

/// Turns one snapshot into resolved references: the same code path for `census crawl`,
/// `census scan` and `census check`.
public struct SnapshotScanner: Sendable {
    /// Facts already extracted, by blob; nil extracts every file.
    public var cache: (any FactsCache)?

    /// A scanner using `cache` when given.
    public init(cache: (any FactsCache)? = nil) {
        self.cache = cache
    }

    /// Extracts every candidate file of `source` and resolves references across the snapshot.
    public func scan(_ source: some SnapshotSource) throws -> SnapshotScan {
        var warnings: [FileWarning] = []
        var pending: [(CandidateFile, FileKind)] = []
        for candidate in try source.candidates() {
            switch candidate.entry {
            case .symlink:
                warnings.append(FileWarning(path: candidate.path, message: "symbolic link not followed"))
            case .submodule:
                warnings.append(FileWarning(path: candidate.path,
                                            message: "submodule not scanned (crawl its repository to include it)"))
            case .file:
                if let kind = candidate.kind { pending.append((candidate, kind)) }
            }
        }

        let keys = pending.compactMap { file, kind in
            file.blobID.map { FactsKey(blobID: $0, kind: kind, path: file.path) }
        }
        let cached = keys.isEmpty ? [:] : (cache?.facts(for: keys) ?? [:])
        var fresh: [FactsKey: FileFacts] = [:]
        var factsByPath: [String: FileFacts] = [:]
        for (file, kind) in pending {
            let key = file.blobID.map { FactsKey(blobID: $0, kind: kind, path: file.path) }
            if let key, let hit = cached[key] ?? fresh[key] {
                factsByPath[file.path] = hit
                continue
            }
            let facts: FileFacts
            switch try source.content(of: file, maxSize: Extractors.maxFileSize) {
            case .tooLarge(let size):
                facts = FileFacts(warnings: [ExtractionWarning(
                    message: "skipped: \(size) bytes is over the \(Extractors.maxFileSize)-byte limit for one file")])
            case .bytes(let bytes):
                facts = Extractors.facts(path: file.path, kind: kind, bytes: bytes)
            }
            factsByPath[file.path] = facts
            if let key { fresh[key] = facts }
        }
        if !fresh.isEmpty { cache?.store(fresh) }

        for (path, facts) in factsByPath {
            warnings += facts.warnings.map { FileWarning(path: path, line: $0.line, message: $0.message) }
        }
        warnings.sort { ($0.path, $0.line ?? 0, $0.message) < ($1.path, $1.line ?? 0, $1.message) }
        return SnapshotScan(references: BranchResolver.resolve(factsByPath), warnings: warnings,
                            filesScanned: pending.count)
    }
}
