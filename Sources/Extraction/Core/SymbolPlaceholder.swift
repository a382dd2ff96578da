import Foundation

/// The `{{namespace:name}}` markers that `ImageExpression.symbolic` text carries.
public enum SymbolPlaceholder {
    /// Renders the marker for a name.
    public static func make(namespace: String, name: String) -> String {
        "{{\(namespace):\(name)}}"
    }

    /// The markers in `text`, in order, with the range each occupies.
    public static func find(in text: String) -> [(namespace: String, name: String, range: Range<String.Index>)] {
        var found: [(String, String, Range<String.Index>)] = []
        var cursor = text.startIndex
        while let open = text.range(of: "{{", range: cursor..<text.endIndex),
              let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) {
            let body = text[open.upperBound..<close.lowerBound]
            if let colon = body.firstIndex(of: ":") {
                found.append((String(body[..<colon]), String(body[body.index(after: colon)...]),
                              open.lowerBound..<close.upperBound))
            }
            cursor = close.upperBound
        }
        return found
    }
}
