import Extraction
import Inventory

/// Facts already extracted from identical bytes, so each distinct file is parsed once.
/// Implementations must be safe to call from several worker threads.
public protocol FactsCache: Sendable {
    /// Cached facts for the given keys; missing keys are simply absent.
    func facts(for keys: [FactsKey]) -> [FactsKey: FileFacts]
    /// Remembers freshly extracted facts.
    func store(_ facts: [FactsKey: FileFacts])
    /// Writes out facts still held back (a cache may batch its writes); called when a crawl ends.
    func flush()
}

extension FactsCache {
    /// Nothing held back by default.
    public func flush() {}
}

/// What extracted facts depend on: the bytes (blob id), the extractor and its version, and, for
/// kinds whose reading depends on where the file stands (YAML templates included by relative path,
/// workflow folders), the path.
public struct FactsKey: Hashable, Sendable {
    /// The git blob id of the file content.
    public var blobID: String
    /// `dockerfile`, or `<kind>:<path>` for path-dependent kinds.
    public var scope: String
    /// The extractor version (`Extractors.version(of:)`).
    public var version: Int

    /// The key of the file at `path` of `kind` whose content is the blob `blobID`, for this build's extractor.
    public init(blobID: String, kind: FileKind, path: String) {
        self.init(blobID: blobID, scope: kind == .dockerfile ? kind.rawValue : "\(kind.rawValue):\(path)",
                  version: Extractors.version(of: kind))
    }

    /// A key with an explicit scope and version.
    public init(blobID: String, scope: String, version: Int) {
        self.blobID = blobID
        self.scope = scope
        self.version = version
    }

    /// The same key as the inventory files it.
    var inventoryKey: BlobFactsKey { BlobFactsKey(blobID: blobID, scope: scope, version: version) }
}
