/// One image usage after branch-wide resolution: the object `census scan --format json` prints (docs/output.md).
public struct Reference: Codable, Sendable, Hashable {
    public var path: String
    public var line: Int
    public var kind: String
    public var context: String?
    /// As written, quotes removed.
    public var raw: String
    /// After variable and alias resolution; `nil` when unresolved.
    public var image: String?
    public var resolved: Bool
    public var valid: Bool
    public var normalized: String?
    public var registry: String?
    public var repository: String?
    public var tag: String?
    public var digest: String?
    /// Why the reference is unresolved or invalid; `nil` when it is neither.
    public var reason: String?

    public init(path: String, fact: ReferenceFact, image: String?, unresolvedReason: String?) {
        self.path = path
        self.line = fact.line
        self.kind = fact.kind
        self.context = fact.context
        self.raw = fact.raw
        self.image = image
        self.resolved = image != nil
        if let image, ReferenceRole.isDownload(fact.kind) {
            // A URL, not an image reference: nothing to parse, and not counted among valid images (the
            // standard share's denominator).
            self.valid = false
            self.reason = Self.downloadReason
        } else if let image {
            let parsed = ImageReference.parse(image)
            self.valid = parsed.isValid
            self.normalized = parsed.normalized
            self.registry = parsed.registry
            self.repository = parsed.repository
            self.tag = parsed.tag
            self.digest = parsed.digest
            self.reason = parsed.invalidReason
        } else {
            self.valid = false
            self.reason = unresolvedReason
        }
    }

    /// The `reason` of a download (`dockerfile/download`): its `image` is a URL.
    public static let downloadReason = "a URL the Dockerfile downloads, not an image reference"

    enum CodingKeys: String, CodingKey {
        case path, line, kind, context, raw, image, resolved, valid, normalized, registry, repository, tag, digest, reason
    }

    /// Encodes every field, writing `null` for absent ones, so the JSON shape is stable.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(line, forKey: .line)
        try c.encode(kind, forKey: .kind)
        try c.encode(context, forKey: .context)
        try c.encode(raw, forKey: .raw)
        try c.encode(image, forKey: .image)
        try c.encode(resolved, forKey: .resolved)
        try c.encode(valid, forKey: .valid)
        try c.encode(normalized, forKey: .normalized)
        try c.encode(registry, forKey: .registry)
        try c.encode(repository, forKey: .repository)
        try c.encode(tag, forKey: .tag)
        try c.encode(digest, forKey: .digest)
        try c.encode(reason, forKey: .reason)
    }

    /// Orders by path, then line, then kind, as docs/output.md says they are printed (then raw and image, so that the
    /// several values one line can take come out in a stable order).
    public static func sortedForOutput(_ references: [Reference]) -> [Reference] {
        // Field by field, as the tuple (path, line, kind, raw, image or U+10FFFF) orders them, without
        // building two tuples of strings for every comparison.
        references.sorted { a, b in
            if a.path != b.path { return a.path < b.path }
            if a.line != b.line { return a.line < b.line }
            if a.kind != b.kind { return a.kind < b.kind }
            if a.raw != b.raw { return a.raw < b.raw }
            return (a.image ?? "\u{10FFFF}") < (b.image ?? "\u{10FFFF}")
        }
    }
}
