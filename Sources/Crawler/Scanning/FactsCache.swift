import Extraction

/// Facts already extracted from identical bytes, so each distinct file is parsed once.
/// Implementations must be safe to call from several worker threads.
public protocol FactsCache: Sendable {
    /// Cached facts for the given keys; missing keys are simply absent.
    func facts(for keys: [FactsKey]) -> [FactsKey: FileFacts]
    /// Remembers freshly extracted facts.
    func store(_ facts: [FactsKey: FileFacts])
}

/// What extracted facts depend on: the bytes (blob id), the extractor and its version, and, for
/// kinds whose reading depends on where the file stands (YAML templates included by relative path,
/// workflow folders), the path.
public struct FactsKey: Hashable, Sendable {
    public var blobID: String
    /// `dockerfile`, or `<kind>:<path>` for path-dependent kinds.
    public var scope: String
    public var version: Int

    public init(blobID: String, kind: FileKind, path: String) {
        self.blobID = blobID
        self.scope = kind == .dockerfile ? kind.rawValue : "\(kind.rawValue):\(path)"
        self.version = Extractors.version(of: kind)
    }
}
