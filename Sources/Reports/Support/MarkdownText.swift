/// Writes untrusted text (repository names, paths, images, messages) into Markdown so that it shows
/// exactly as written and can never add markup, links, HTML or table columns.
public enum MarkdownText {
    /// Characters that could start markup in CommonMark/GFM; each is backslash-escaped.
    /// (`(`, `)` and `!` only matter next to `[` or `]`, which are always escaped; `#` only at the start.)
    static let special: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "$"]

    /// `text` as literal Markdown prose on one line (safe inside a table cell, a heading or a list item).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in flatten(text) {
            if special.contains(character) { out.append("\\") }
            out.append(character)
        }
        // A leading list or heading marker would change the block's kind.
        if let first = out.first, first == "-" || first == "+" || first == "=" || first == "#" {
            out.insert("\\", at: out.startIndex)
        }
        // A trailing `#` would close an ATX heading.
        if out.hasSuffix("#") { out.insert("\\", at: out.index(before: out.endIndex)) }
        let digits = out.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count < out.count, out[digits.endIndex] == "." {
            out.insert("\\", at: digits.endIndex)
        }
        return out
    }

    /// `text` as an inline code span (shown verbatim in a monospace font), safe inside a table cell.
    public static func code(_ text: String) -> String {
        let flat = flatten(text)
        if flat.isEmpty { return "" }
        var longest = 0
        var run = 0
        for character in flat {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        // GFM splits table cells on `|` even inside code spans; the escaped form renders as `|`.
        let body = flat.replacingOccurrences(of: "|", with: "\\|")
        let padded = body.hasPrefix("`") || body.hasSuffix("`") || body.hasPrefix(" ") && body.hasSuffix(" ")
            ? " \(body) " : body
        return fence + padded + fence
    }

    /// A link whose visible text is escaped and whose destination is a URL this module built.
    public static func link(_ text: String, url: String) -> String {
        "[\(escape(text))](\(destination(url)))"
    }

    /// A link destination that cannot end early or break out: spaces, brackets and quotes are
    /// percent-encoded.
    static func destination(_ url: String) -> String {
        var out = ""
        for scalar in url.unicodeScalars {
            switch scalar {
            case " ", "(", ")", "<", ">", "\"", "'", "\\", "`", "|", "[", "]":
                out += String(format: "%%%02X", scalar.value)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One line: line breaks and other control characters become spaces.
    static func flatten(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
    }
}
