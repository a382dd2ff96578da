/// Finds where a definition site's text is written in the file's bytes.
///
/// Facts carry the site's line and its text (quotes removed), so the text is looked for on that line as a
/// whole token (not inside a longer image: `centos:7` is not found in `centos:7.9` or `centos:7@sha256:…`).
/// A value written on a following line (a YAML value on the next line, a Dockerfile continuation) is
/// looked for on the next lines, up to `window`; a value a caller passes is looked for from the include's
/// line on, on a line that also names the parameter. The first line holding the text decides: more than
/// one occurrence there is ambiguous and refused. `FileEditor` then checks the whole edit by reading the
/// file back with its extractor, so a wrong guess is refused, never written.
enum SiteLocator {
    /// Lines after the site's line searched for a value written further down.
    static let window = 20
    /// Lines after an include searched for a parameter it passes.
    static let parameterWindow = 200

    /// The byte range of the site's text, or why it cannot be placed.
    static func locate(_ site: DefinitionSite, in bytes: [UInt8]) -> Result<(range: Range<Int>, line: Int), LocateFailure> {
        let lines = lineRanges(bytes)
        let value = Array(site.value.utf8)
        guard !value.isEmpty else { return .failure(.notFound) }
        var name: [UInt8]?
        var last = site.line + window
        if case .parameter(_, let parameter) = site.place {
            name = Array(parameter.utf8)
            last = site.line + parameterWindow
        }
        var lineNumber = max(site.line, 1)
        while lineNumber <= min(last, lines.count) {
            let range = lines[lineNumber - 1]
            var found = occurrences(of: value, in: bytes, within: range)
            if let name {
                found = found.filter { contains(name, in: bytes, within: range.lowerBound..<$0.lowerBound) }
            }
            if found.count == 1, let only = found.first { return .success((only, lineNumber)) }
            if found.count > 1 { return .failure(.ambiguous(line: lineNumber)) }
            lineNumber += 1
        }
        return .failure(.notFound)
    }

    /// Why a site's text could not be placed.
    enum LocateFailure: Error, Hashable {
        case notFound
        case ambiguous(line: Int)

        var message: String {
            switch self {
            case .notFound: "its text is not written there as one token"
            case .ambiguous(let line): "its text appears more than once on line \(line)"
            }
        }
    }

    /// Each line's bytes, without its `\n` or `\r\n`.
    static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            let end = index > start && bytes[index - 1] == UInt8(ascii: "\r") ? index - 1 : index
            ranges.append(start..<end)
            start = index + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }

    /// Where `needle` occurs in `range` as a whole image token.
    static func occurrences(of needle: [UInt8], in bytes: [UInt8], within range: Range<Int>) -> [Range<Int>] {
        guard range.count >= needle.count else { return [] }
        var found: [Range<Int>] = []
        var start = range.lowerBound
        while start + needle.count <= range.upperBound {
            if bytes[start..<start + needle.count].elementsEqual(needle) {
                let end = start + needle.count
                let before = start > range.lowerBound ? bytes[start - 1] : nil
                let after = end < range.upperBound ? bytes[end] : nil
                if !(before.map(continuesBefore) ?? false), !(after.map(continuesAfter) ?? false) {
                    found.append(start..<end)
                }
            }
            start += 1
        }
        return found
    }

    static func contains(_ needle: [UInt8], in bytes: [UInt8], within range: Range<Int>) -> Bool {
        guard !needle.isEmpty, range.count >= needle.count else { return false }
        return (range.lowerBound...(range.upperBound - needle.count)).contains {
            bytes[$0..<$0 + needle.count].elementsEqual(needle)
        }
    }

    /// A byte that would make the text the tail of a longer token (`@` may precede an image: a Helix queue).
    private static func continuesBefore(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":")
    }

    /// A byte that would make the text the head of a longer image (`:tag`, `@digest`, `/path`, `.9`).
    private static func continuesAfter(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@")
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte >= 0x80
    }
}
