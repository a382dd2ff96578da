import Foundation

/// Reads `image:` values line by line from text that is not valid YAML (Helm templates with
/// `{{- if }}` blocks, files with a broken document), so such files still count their images.
enum YAMLLineScanner {
    /// One `key: value` line found.
    struct Hit: Equatable {
        var line: Int
        var raw: String
    }

    /// Every `<key>: <scalar>` (also `- <key>: <scalar>`) within `ranges`, comments and quotes removed.
    /// Values that open a nested block, flow collection, anchor or alias are skipped.
    static func values(of key: String, in text: String, ranges: [ClosedRange<Int>]) -> [Hit] {
        guard !ranges.isEmpty else { return [] }
        var hits: [Hit] = []
        var number = 0
        let prefix = key + ":"
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            guard ranges.contains(where: { $0.contains(number) }) else { continue }
            guard rawLine.count <= YAMLDocuments.maxScannedLineLength else { continue }
            var line = Substring(rawLine)
            line = line.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("- ") { line = line.dropFirst(2).drop(while: { $0 == " " }) }
            guard line.hasPrefix(prefix) else { continue }
            var value = line.dropFirst(prefix.count)
            guard value.isEmpty || value.first == " " || value.first == "\t" else { continue }
            value = value.drop(while: { $0 == " " || $0 == "\t" })
            guard let raw = scalar(value) else { continue }
            hits.append(Hit(line: number, raw: raw))
        }
        return hits
    }

    /// The scalar text of a value with its trailing comment and quotes removed.
    private static func scalar(_ value: Substring) -> String? {
        var value = value
        while let last = value.last, last == "\r" || last == " " || last == "\t" { value = value.dropLast() }
        guard let first = value.first, !"[|>&*!".contains(first) else { return nil }
        if first == "{", !value.hasPrefix("{{") { return nil }
        if first == "\"" || first == "'" {
            // Template text may nest quotes (`"{{ x | default "y" }}"`): the closing quote is the last one
            // followed only by a comment or nothing.
            let candidates = value.indices.dropFirst().filter { value[$0] == first }
            let close = candidates.last { index in
                let after = value[value.index(after: index)...].drop(while: { $0 == " " || $0 == "\t" })
                return after.isEmpty || after.hasPrefix("#")
            } ?? candidates.first
            guard let close else { return nil }
            let text = String(value[value.index(after: value.startIndex)..<close])
            return text.isEmpty ? nil : text
        }
        if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
        let text = value.trimmingWhitespace()
        return text.isEmpty || text == "~" || text == "null" ? nil : text
    }
}
