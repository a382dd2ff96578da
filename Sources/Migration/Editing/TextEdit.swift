/// One replacement of bytes in a file: the image text at a definition site, as written, and what it becomes.
public struct TextEdit: Hashable, Sendable {
    /// Byte offsets of the text in the file.
    public var range: Range<Int>
    /// 1-based line of the text.
    public var line: Int
    /// The bytes written in place of the range.
    public var replacement: [UInt8]

    /// `bytes` with `edits` applied; the edits must not overlap.
    static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for edit in edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            out.replaceSubrange(edit.range, with: edit.replacement)
        }
        return out
    }
}
