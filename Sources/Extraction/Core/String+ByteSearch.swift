import Foundation

extension String {
    /// Whether the string's UTF-8 holds `byte` (glibc's `memchr`).
    func containsByte(_ byte: UInt8) -> Bool {
        var text = self
        return text.withUTF8 { bytes in
            guard let start = bytes.baseAddress else { return false }
            return memchr(start, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether the UTF-8 bytes of `needle` occur in this string's UTF-8 bytes: a plain byte search (no
    /// Unicode equivalence, no locale) for screens that look for short ASCII words before anything is
    /// parsed. At most `needle`'s length in comparisons per byte of the string.
    func containsBytes(of needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { text in
            needle.withUTF8 { word in
                guard let first = word.first else { return true }
                guard word.count <= text.count, let start = text.baseAddress, let wordStart = word.baseAddress else { return false }
                var offset = 0
                let lastStart = text.count - word.count
                while offset <= lastStart {
                    // The next place the word's first byte occurs, then the rest compared in place.
                    guard let found = memchr(start + offset, Int32(first), lastStart - offset + 1) else { return false }
                    let at = start.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(start + at, wordStart, word.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }
}
