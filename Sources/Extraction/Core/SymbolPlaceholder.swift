/// The `{{namespace:name}}` markers that `ImageExpression.symbolic` text carries.
public enum SymbolPlaceholder {
    /// Renders the marker for a name.
    public static func make(namespace: String, name: String) -> String {
        "{{\(namespace):\(name)}}"
    }

    /// The markers in `text`, in order, with the range each occupies. A marker's name may itself hold
    /// markers (`{{a:{{b:c}}}}`): braces are matched by nesting, and the inner markers are the name's.
    public static func find(in text: String) -> [(namespace: String, name: String, range: Range<String.Index>)] {
        // Scans the UTF-8 view: every delimiter is ASCII, so its indices are valid String indices,
        // and no Foundation string search runs (this is on the hot path of every branch's resolution).
        let utf8 = text.utf8
        var found: [(String, String, Range<String.Index>)] = []
        var cursor = utf8.startIndex
        while let open = firstPair(of: brace(open: true), in: utf8, from: cursor),
              let close = matchingClose(in: utf8, after: utf8.index(open, offsetBy: 2)) {
            let bodyStart = utf8.index(open, offsetBy: 2)
            if let colon = utf8[bodyStart..<close].firstIndex(of: UInt8(ascii: ":")) {
                found.append((String(text[bodyStart..<colon]), String(text[utf8.index(after: colon)..<close]),
                              open..<utf8.index(close, offsetBy: 2)))
            }
            cursor = utf8.index(close, offsetBy: 2)
        }
        return found
    }

    private static func brace(open: Bool) -> UInt8 {
        open ? UInt8(ascii: "{") : UInt8(ascii: "}")
    }

    /// The index of the first `byte byte` pair at or after `start`.
    private static func firstPair(of byte: UInt8, in utf8: String.UTF8View, from start: String.Index) -> String.Index? {
        var index = start
        while index < utf8.endIndex {
            let next = utf8.index(after: index)
            if utf8[index] == byte, next < utf8.endIndex, utf8[next] == byte { return index }
            index = next
        }
        return nil
    }

    /// The start of the `}}` closing a marker whose body starts at `start`, skipping nested markers.
    private static func matchingClose(in utf8: String.UTF8View, after start: String.Index) -> String.Index? {
        var depth = 1
        var index = start
        while index < utf8.endIndex {
            let next = utf8.index(after: index)
            let pair = next < utf8.endIndex && utf8[index] == utf8[next]
            if pair, utf8[index] == brace(open: true) {
                depth += 1
                index = utf8.index(after: next)
            } else if pair, utf8[index] == brace(open: false) {
                depth -= 1
                if depth == 0 { return index }
                index = utf8.index(after: next)
            } else {
                index = next
            }
        }
        return nil
    }
}
