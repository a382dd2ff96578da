/// Writes untrusted text into HTML element content and attribute values.
public enum HTMLText {
    /// `text` with `& < > " '` replaced by character references, safe in content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // C0 controls other than tab and line breaks are not allowed in HTML text.
                if (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0x7F {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `text` escaped, with a line-break opportunity (`<wbr>`) after each `/`, `:` and `@` that has
    /// text on both sides, so image references and paths wrap between their parts and never inside a
    /// word (`@dotnet/docker` may break after the slash, never after its leading `@`). A part a browser
    /// would otherwise break inside (at a hyphen, say) is kept whole in a `nb` span (`white-space: nowrap`).
    public static func breakable(_ text: String) -> String {
        var parts: [String] = []
        var pending = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            pending.append(character)
            index = text.index(after: index)
            if character == "/" || character == ":" || character == "@", pending.count > 1 || !parts.isEmpty,
               index < text.endIndex {
                parts.append(pending)
                pending = ""
            }
        }
        parts.append(pending)
        return parts.map { part in
            part.contains { !($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "/" || $0 == ":" || $0 == "@") }
                ? "<span class=\"nb\">\(escape(part))</span>" : escape(part)
        }.joined(separator: "<wbr>")
    }

    /// Prose that quotes image references and paths (a finding's message): each space-separated word
    /// as `breakable` writes it, so the text wraps at spaces and inside a reference only between its parts.
    public static func breakableProse(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { breakable(String($0)) }.joined(separator: " ")
    }

    /// An `<a>` element to a URL this module built (only `http(s)` links are made; anything else is
    /// shown as text).
    /// The text breaks only after `/`, `:` and `@` (`breakable`).
    public static func link(_ text: String, url: String?, className: String? = nil) -> String {
        let classAttribute = className.map { " class=\"\(escape($0))\"" } ?? ""
        guard let url, url.hasPrefix("https://") || url.hasPrefix("http://") else {
            return "<span\(classAttribute)>\(breakable(text))</span>"
        }
        return "<a href=\"\(escape(url))\"\(classAttribute)>\(breakable(text))</a>"
    }
}
