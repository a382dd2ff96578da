import Extraction

/// One resolved image usage of a branch: a reference as `census scan` prints it, identified by where it
/// stands and the image it resolves to (a line that can take several values is several usages).
public struct Usage: Hashable, Sendable, Codable, Comparable {
    /// Repository-relative path of the file holding the usage.
    public var path: String
    /// 1-based line of the usage.
    public var line: Int
    /// `<source>/<what>`, as `census scan` prints it.
    public var kind: String
    /// Where in the file the usage stands (a stage, a job, a matrix value).
    public var context: String?
    /// The text as written at the usage, quotes removed.
    public var raw: String
    /// The resolved image.
    public var image: String

    /// The usage a resolved reference is; nil for an unresolved one.
    public init?(_ reference: Reference) {
        guard let image = reference.image else { return nil }
        self.init(path: reference.path, line: reference.line, kind: reference.kind, context: reference.context,
                  raw: reference.raw, image: image)
    }

    /// A usage with every field given.
    public init(path: String, line: Int, kind: String, context: String?, raw: String, image: String) {
        self.path = path
        self.line = line
        self.kind = kind
        self.context = context
        self.raw = raw
        self.image = image
    }

    /// `path:line`, as people read it.
    public var location: String { "\(path):\(line)" }

    /// Orders by path, line, kind, text and image.
    public static func < (lhs: Usage, rhs: Usage) -> Bool {
        (lhs.path, lhs.line, lhs.kind, lhs.raw, lhs.image) < (rhs.path, rhs.line, rhs.kind, rhs.raw, rhs.image)
    }
}
