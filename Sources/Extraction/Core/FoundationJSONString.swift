/// JSON string literals escaped exactly as Foundation's `JSONEncoder` and `JSONSerialization` write
/// them here: `"` and `\` escaped, `/` as `\/`, `\b` `\f` `\n` `\r` `\t`, the other control characters
/// as `\u00XX`, everything else as it is. For writers that must give those encoders' bytes without
/// their cost (`HelmValue.storedText`, the facts cache).
public enum FoundationJSONString {
    /// Appends `text` as a JSON string literal to `out`.
    public static func append(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            case "\u{8}": out += "\\b"
            case "\u{c}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0}"..."\u{1f}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
