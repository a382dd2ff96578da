/// Where a text is written in a file as a whole image token: not inside a longer image (`centos:7` is not
/// found in `centos:7.9`, `centos:7-slim` or `centos:7@sha256:…`), and not the tail of a longer name
/// (`mycentos:7`, `quay.io/centos:7`). An `@` may come before it (a Helix queue: `(Name)Host@image`).
enum TextOccurrences {
    /// Every whole-token occurrence of `needle` in `bytes`, with its 1-based line.
    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> [(range: Range<Int>, line: Int)] {
        guard !needle.isEmpty, bytes.count >= needle.count, let first = needle.first else { return [] }
        var found: [(Range<Int>, Int)] = []
        var line = 1
        var start = 0
        while start + needle.count <= bytes.count {
            let byte = bytes[start]
            if byte == first, bytes[start..<start + needle.count].elementsEqual(needle) {
                let end = start + needle.count
                let before = start > 0 && continuesBefore(bytes[start - 1])
                let after = end < bytes.count && continuesAfter(bytes[end])
                if !before, !after { found.append((start..<end, line)) }
            }
            if byte == UInt8(ascii: "\n") { line += 1 }
            start += 1
        }
        return found
    }

    private static func continuesBefore(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":")
    }

    private static func continuesAfter(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@")
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte >= 0x80
    }
}
