/// JSON string literals escaped exactly as Foundation's `JSONEncoder` and `JSONSerialization` write
/// them here: `"` and `\` escaped, `/` as `\/`, `\b` `\f` `\n` `\r` `\t`, the other control characters
/// as `\u00XX`, everything else as it is. For writers that must give those encoders' bytes without
/// their cost (`HelmValue.storedText`, the facts cache).
public enum FoundationJSONString {
    /// Appends `text` as a JSON string literal to `out`. Every character to escape is ASCII, so the text
    /// is copied in runs between them.
    public static func append(_ text: String, to out: inout String) {
        out += "\""
        let bytes = text.utf8
        var runStart = bytes.startIndex
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/") {
                out += Substring(bytes[runStart..<index])
                out += escape(byte)
                runStart = bytes.index(after: index)
            }
            bytes.formIndex(after: &index)
        }
        out += Substring(bytes[runStart...])
        out += "\""
    }

    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "\\\""
        case UInt8(ascii: "\\"): return "\\\\"
        case UInt8(ascii: "/"): return "\\/"
        case 0x08: return "\\b"
        case 0x0C: return "\\f"
        case UInt8(ascii: "\n"): return "\\n"
        case UInt8(ascii: "\r"): return "\\r"
        case UInt8(ascii: "\t"): return "\\t"
        default:
            let hex = String(byte, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}
