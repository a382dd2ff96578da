/// One place in a file where image text is written: the bytes of a literal, an ARG default, a variable's
/// value, an alias, a template parameter's default, a value a caller passes, a `.env` value.
public struct DefinitionSite: Hashable, Sendable, Comparable {
    /// Repository-relative path of the file.
    public var path: String
    /// 1-based line of the text.
    public var line: Int
    /// Byte offsets of the text in the file.
    public var range: Range<Int>
    /// The text as written there (what the usages it feeds resolve to).
    public var value: String

    /// `path:line`, as people read it.
    public var location: String { "\(path):\(line)" }

    /// Orders by path, then by place in the file.
    public static func < (lhs: DefinitionSite, rhs: DefinitionSite) -> Bool {
        (lhs.path, lhs.range.lowerBound, lhs.range.upperBound) < (rhs.path, rhs.range.lowerBound, rhs.range.upperBound)
    }
}
