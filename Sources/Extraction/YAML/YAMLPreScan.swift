/// What one cheap pass over a YAML text learns before any parser sees it: where documents begin and
/// whether the text uses YAML features in a way that could make composing it explode.
///
/// Yams composes an alias by sharing the anchored node, so aliases used as values cost nothing at load
/// time (walks are bounded by `YAMLTraversal`'s budget instead). An alias used as a mapping *key* is
/// different: Yams hashes every key to refuse duplicates, and hashing an aliased "billion laughs" tree
/// visits all of it. No configuration file uses aliases as keys, so a file that does, together with
/// enough aliases to build such a tree, is refused before parsing.
struct YAMLPreScan {
    /// Alias tokens (`*name`) seen outside comments and quoted text.
    private(set) var aliasCount = 0
    /// The first line where an alias stands as a mapping key, if any.
    private(set) var aliasKeyLine: Int?
    /// 1-based lines that start a new document (`---`) or end one (`...`), in order.
    private(set) var documentMarkerLines: [Int] = []
    /// Number of lines in the text (a final line without newline counts).
    private(set) var lineCount = 0
    /// An upper bound of how deeply the text can nest: the deepest indentation plus sequence indicators
    /// on one line plus unclosed flow brackets. Loose (block scalar text counts too), never too low.
    private(set) var depthBound = 0
    private var flowDepth = 0

    /// With no more aliases than this, even aliased keys cannot expand beyond a small multiple of the text.
    static let aliasKeyTolerance = 8

    /// Whether the text must be refused before composing, and why.
    var refusal: ExtractionWarning? {
        guard let line = aliasKeyLine, aliasCount > Self.aliasKeyTolerance else { return nil }
        return ExtractionWarning(line: line, message:
            "not read as YAML: an alias is used as a mapping key in a file with \(aliasCount) aliases, "
            + "which can expand exponentially (a \"billion laughs\" file); remove aliased keys to have it read")
    }

    init(text: String) {
        var text = text
        var lineNumber = 0
        // One pass over the bytes in place: each line (the text after the last newline too, even empty)
        // up to `YAMLDocuments.maxScannedLineLength` bytes.
        text.withUTF8 { bytes in
            var start = 0
            while true {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                lineNumber += 1
                scan(line: UnsafeBufferPointer(rebasing: bytes[start..<min(end, start + YAMLDocuments.maxScannedLineLength)]),
                     number: lineNumber)
                guard end < bytes.count else { break }
                start = end + 1
            }
            if bytes.last == UInt8(ascii: "\n") { lineNumber -= 1 }
        }
        lineCount = max(lineNumber, 0)
    }

    private mutating func scan(line bytes: UnsafeBufferPointer<UInt8>, number: Int) {
        if bytes.count >= 3, (bytes[0] == UInt8(ascii: "-") && bytes[1] == UInt8(ascii: "-") && bytes[2] == UInt8(ascii: "-"))
            || (bytes[0] == UInt8(ascii: ".") && bytes[1] == UInt8(ascii: ".") && bytes[2] == UInt8(ascii: ".")),
           bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "\t") || bytes[3] == UInt8(ascii: "\r") {
            documentMarkerLines.append(number)
            flowDepth = 0
        }
        var index = 0
        var quote: UInt8?
        var previous: UInt8 = UInt8(ascii: " ")
        var indent = 0
        while indent < bytes.count, bytes[indent] == UInt8(ascii: " ") || bytes[indent] == UInt8(ascii: "-")
                || bytes[indent] == UInt8(ascii: "?") || bytes[indent] == UInt8(ascii: "\t") {
            indent += 1
        }
        if indent < bytes.count { depthBound = max(depthBound, indent + flowDepth + 1) }
        defer { depthBound = max(depthBound, indent + flowDepth + 1) }
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "#"), Self.isSpace(previous) || index == 0 {
                return
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                flowDepth += 1
                depthBound = max(depthBound, indent + flowDepth + 1)
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                flowDepth = max(0, flowDepth - 1)
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'"), Self.opensScalar(previous) {
                quote = byte
            } else if byte == UInt8(ascii: "*"), Self.opensScalar(previous) {
                var end = index + 1
                while end < bytes.count, Self.isAnchorCharacter(bytes[end]) { end += 1 }
                if end > index + 1 {
                    aliasCount += 1
                    var after = end
                    while after < bytes.count, Self.isSpace(bytes[after]) { after += 1 }
                    let questionMarkKey = Self.isExplicitKey(bytes, before: index)
                    if questionMarkKey || (after < bytes.count && bytes[after] == UInt8(ascii: ":")
                        && (after + 1 == bytes.count || Self.isSpace(bytes[after + 1]) || bytes[after + 1] == UInt8(ascii: ","))) {
                        if aliasKeyLine == nil { aliasKeyLine = number }
                    }
                    previous = bytes[end - 1]
                    index = end
                    continue
                }
            }
            previous = byte
            index += 1
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// Characters after which a new scalar, alias or quote can begin.
    private static func opensScalar(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: ",")
            || byte == UInt8(ascii: "?")
    }

    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// Whether the alias at `index` follows a `?` explicit-key indicator on the same line.
    private static func isExplicitKey(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0, isSpace(bytes[cursor]) { cursor -= 1 }
        guard cursor >= 0, bytes[cursor] == UInt8(ascii: "?") else { return false }
        return cursor == 0 || isSpace(bytes[cursor - 1]) || bytes[cursor - 1] == UInt8(ascii: "{")
            || bytes[cursor - 1] == UInt8(ascii: ",") || bytes[cursor - 1] == UInt8(ascii: "-")
    }
}
