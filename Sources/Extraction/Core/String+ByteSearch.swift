import Foundation

/// Searches and trims without Foundation's `StringProtocol` methods, which bridge every call to
/// `NSString` on Linux: `contains`, `range(of:)` and `trimmingCharacters(in:)` on the lines and scalars
/// of a file were 8% of a real fleet's crawl CPU. Needles here are the words extractors look for
/// (`${{`, `@`, `docker`), compared byte for byte: no Unicode equivalence, no locale.
extension StringProtocol {
    /// Whether the text's UTF-8 holds `byte` (glibc's `memchr`).
    func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            guard let start = bytes.baseAddress else { return false }
            return memchr(start, Int32(byte), bytes.count) != nil
        } ?? utf8.contains(byte)
    }

    /// Whether the UTF-8 bytes of `needle` occur in this text's UTF-8 bytes: a plain byte search for
    /// the short ASCII words extractors look for. At most `needle`'s length in comparisons per byte.
    func containsBytes(of needle: String) -> Bool {
        byteOffset(of: needle) != nil
    }

    /// The first place `needle`'s UTF-8 bytes occur in this text, found as `containsBytes(of:)` finds
    /// it; for an ASCII needle its bounds fall between whole Unicode scalars.
    func rangeOfBytes(_ needle: String) -> Range<Index>? {
        guard let offset = byteOffset(of: needle) else { return nil }
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: needle.utf8.count)
    }

    /// The text without leading and trailing tabs, Unicode space separators (general category Zs) and
    /// zero-width spaces: what `trimmingCharacters(in: .whitespaces)` gives.
    func trimmingWhitespace() -> String {
        trimmingScalars(where: Self.isWhitespace)
    }

    /// The text without leading and trailing Unicode separators (Z*), zero-width spaces, tabs and line
    /// breaks (U+000A to U+000D, U+0085): what `trimmingCharacters(in: .whitespacesAndNewlines)` gives.
    func trimmingWhitespaceAndNewlines() -> String {
        trimmingScalars(where: Self.isWhitespaceOrNewline)
    }

    /// Membership in `CharacterSet.whitespaces` (`StringByteSearchTests` compares every scalar).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || scalar == "\t" }
        // Foundation's set still counts U+200B (ZERO WIDTH SPACE), a space separator in old Unicode.
        return scalar.value == 0x200B || scalar.properties.generalCategory == .spaceSeparator
    }

    /// Membership in `CharacterSet.whitespacesAndNewlines` (`StringByteSearchTests` compares every scalar).
    static func isWhitespaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0x200B: return true
        case 0..<0x80: return false
        default:
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return false
            }
        }
    }

    private func trimmingScalars(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
              let last = scalars.lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(self[first..<scalars.index(after: last)])
    }

    /// The offset in UTF-8 bytes of the first occurrence of `needle`, nil when there is none.
    private func byteOffset(of needle: String) -> Int? {
        var needle = needle
        return needle.withUTF8 { word in
            if let found = utf8.withContiguousStorageIfAvailable({ text in Self.byteOffset(of: word, in: text) }) {
                return found
            }
            // Not stored contiguously (a bridged string): search a copy.
            return Array(utf8).withUnsafeBufferPointer { text in Self.byteOffset(of: word, in: text) }
        }
    }

    private static func byteOffset(of word: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = word.first else { return 0 }
        guard word.count <= text.count, let start = text.baseAddress, let wordStart = word.baseAddress else { return nil }
        var offset = 0
        let lastStart = text.count - word.count
        while offset <= lastStart {
            // The next place the word's first byte occurs, then the rest compared in place.
            guard let found = memchr(start + offset, Int32(first), lastStart - offset + 1) else { return nil }
            let at = start.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(start + at, wordStart, word.count) == 0 { return at }
            offset = at + 1
        }
        return nil
    }
}
