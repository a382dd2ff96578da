import Foundation

/// The `{{namespace:name}}` markers that `ImageExpression.symbolic` text carries.
public enum SymbolPlaceholder {
    /// Renders the marker for a name.
    public static func make(namespace: String, name: String) -> String {
        "{{\(namespace):\(name)}}"
    }

    /// The markers in `text`, in order, with the range each occupies. A marker's name may itself hold
    /// markers (`{{a:{{b:c}}}}`): braces are matched by nesting, and the inner markers are the name's.
    public static func find(in text: String) -> [(namespace: String, name: String, range: Range<String.Index>)] {
        var found: [(String, String, Range<String.Index>)] = []
        var cursor = text.startIndex
        while let open = text.range(of: "{{", range: cursor..<text.endIndex),
              let close = matchingClose(in: text, after: open.upperBound) {
            let body = text[open.upperBound..<close.lowerBound]
            if let colon = body.firstIndex(of: ":") {
                found.append((String(body[..<colon]), String(body[body.index(after: colon)...]),
                              open.lowerBound..<close.upperBound))
            }
            cursor = close.upperBound
        }
        return found
    }

    /// The `}}` closing a marker whose body starts at `start`, skipping nested markers.
    private static func matchingClose(in text: String, after start: String.Index) -> Range<String.Index>? {
        var depth = 1
        var index = start
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("{{") {
                depth += 1
                index = text.index(index, offsetBy: 2)
            } else if rest.hasPrefix("}}") {
                depth -= 1
                let end = text.index(index, offsetBy: 2)
                if depth == 0 { return index..<end }
                index = end
            } else {
                index = text.index(after: index)
            }
        }
        return nil
    }
}
