/// Splits jsonnet source into the tokens `JsonnetExtractor` needs: identifiers, strings (decoded, in all
/// of jsonnet's forms: `'…'`, `"…"`, verbatim `@'…'`/`@"…"`, `|||` text blocks), numbers, brackets and the
/// punctuation that separates fields, locals and terms. Comments (`//`, `#`, `/* */`) are skipped.
/// One pass over the bytes, one budget step per byte; a string or comment left open ends the file with a
/// warning rather than reading past it.
struct JsonnetLexer {
    struct Token: Equatable {
        enum Kind: Equatable {
            case identifier
            case string
            case number
            /// `:`, `::`, `:::`, with `plus` for the `+:` forms that extend an inherited field.
            case fieldSeparator
            case open
            case close
            case comma
            case semicolon
            case equals
            case plus
            case dot
            /// Any other operator character.
            case other
        }

        var kind: Kind
        /// An identifier's name, a string's decoded value, a bracket or operator's characters.
        var text: String
        /// The 1-based line the token starts on.
        var line: Int
        /// Byte offsets of the token in the source (for the text of an expression).
        var start: Int
        var end: Int
    }

    private(set) var tokens: [Token] = []
    private(set) var warnings: [ExtractionWarning] = []

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    /// Tokens of `text`, stopping where `budget` runs out.
    static func tokenize(_ text: String, budget: ExtractionBudget) -> JsonnetLexer {
        var lexer = JsonnetLexer(bytes: Array(text.utf8))
        lexer.run(budget: budget)
        return lexer
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    private mutating func run(budget: ExtractionBudget) {
        while index < bytes.count {
            guard budget.spend(1, line: line) else { return }
            let byte = bytes[index]
            let start = index
            let startLine = line
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                advance()
            case UInt8(ascii: "#"):
                skipLine(budget: budget)
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                skipLine(budget: budget)
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                advance(); advance()
                while index < bytes.count, !(bytes[index] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) {
                    guard budget.spend(1, line: line) else { return }
                    advance()
                }
                if index >= bytes.count {
                    warnings.append(ExtractionWarning(line: startLine, message: "jsonnet comment opened here is never closed; the rest of the file is not read"))
                    return
                }
                advance(); advance()
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                guard let value = quoted(byte, budget: budget) else { return unclosed(startLine) }
                tokens.append(Token(kind: .string, text: value, line: startLine, start: start, end: index))
            case UInt8(ascii: "@") where peek(1) == UInt8(ascii: "'") || peek(1) == UInt8(ascii: "\""):
                advance()
                guard let value = verbatim(budget: budget) else { return unclosed(startLine) }
                tokens.append(Token(kind: .string, text: value, line: startLine, start: start, end: index))
            case UInt8(ascii: "|") where peek(1) == UInt8(ascii: "|") && peek(2) == UInt8(ascii: "|"):
                guard let value = textBlock(budget: budget) else { return unclosed(startLine) }
                tokens.append(Token(kind: .string, text: value, line: startLine, start: start, end: index))
            case UInt8(ascii: ":"), UInt8(ascii: "+") where byte == UInt8(ascii: ":") || peek(1) == UInt8(ascii: ":"):
                if byte == UInt8(ascii: "+") { advance() }
                var colons = 0
                while peek() == UInt8(ascii: ":"), colons < 3 { advance(); colons += 1 }
                tokens.append(token(.fieldSeparator, start, startLine))
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "("):
                advance(); tokens.append(token(.open, start, startLine))
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
                advance(); tokens.append(token(.close, start, startLine))
            case UInt8(ascii: ","): advance(); tokens.append(token(.comma, start, startLine))
            case UInt8(ascii: ";"): advance(); tokens.append(token(.semicolon, start, startLine))
            case UInt8(ascii: "."): advance(); tokens.append(token(.dot, start, startLine))
            case UInt8(ascii: "+"): advance(); tokens.append(token(.plus, start, startLine))
            case UInt8(ascii: "=") where peek(1) != UInt8(ascii: "="):
                advance(); tokens.append(token(.equals, start, startLine))
            case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"):
                // `==`, `!=`, `<=`, `>=`: one comparison, never a local's `=`.
                advance()
                if peek() == UInt8(ascii: "=") { advance() }
                tokens.append(token(.other, start, startLine))
            default:
                if Self.isIdentifierStart(byte) || byte == UInt8(ascii: "$") {
                    advance()
                    while let next = peek(), Self.isIdentifierStart(next) || Self.isDigit(next) { advance() }
                    tokens.append(token(.identifier, start, startLine))
                } else if Self.isDigit(byte) {
                    while let next = peek(), Self.isDigit(next) || next == UInt8(ascii: ".") || next == UInt8(ascii: "e")
                        || next == UInt8(ascii: "E") { advance() }
                    tokens.append(token(.number, start, startLine))
                } else {
                    advance()
                    tokens.append(token(.other, start, startLine))
                }
            }
        }
    }

    private func token(_ kind: Token.Kind, _ start: Int, _ startLine: Int) -> Token {
        Token(kind: kind, text: String(decoding: bytes[start..<index], as: UTF8.self), line: startLine, start: start, end: index)
    }

    private mutating func unclosed(_ startLine: Int) {
        warnings.append(ExtractionWarning(line: startLine, message: "jsonnet string opened here is never closed; the rest of the file is not read"))
    }

    private mutating func skipLine(budget: ExtractionBudget) {
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            guard budget.spend(1, line: line) else { return }
            index += 1
        }
    }

    /// A `'…'` or `"…"` string with JSON escapes; nil when it is never closed.
    private mutating func quoted(_ quote: UInt8, budget: ExtractionBudget) -> String? {
        advance()
        var value: [UInt8] = []
        while index < bytes.count {
            guard budget.spend(1, line: line) else { return nil }
            let byte = bytes[index]
            if byte == quote { advance(); return String(decoding: value, as: UTF8.self) }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                advance()
                let escaped = bytes[index]
                advance()
                switch escaped {
                case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): value.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): value.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "b"), UInt8(ascii: "f"): value.append(UInt8(ascii: " "))
                case UInt8(ascii: "u"):
                    // A \uXXXX escape never writes an image character worth decoding; keep a marker that
                    // fails every image test.
                    var digits = 0
                    while digits < 4, let next = peek(), Self.isHexDigit(next) { advance(); digits += 1 }
                    value.append(UInt8(ascii: " "))
                default: value.append(escaped)
                }
                continue
            }
            value.append(byte)
            advance()
        }
        return nil
    }

    /// A verbatim string after its `@`: `''` (or `""`) is one quote, nothing else escapes.
    private mutating func verbatim(budget: ExtractionBudget) -> String? {
        let quote = bytes[index]
        advance()
        var value: [UInt8] = []
        while index < bytes.count {
            guard budget.spend(1, line: line) else { return nil }
            if bytes[index] == quote {
                if peek(1) == quote { value.append(quote); advance(); advance(); continue }
                advance()
                return String(decoding: value, as: UTF8.self)
            }
            value.append(bytes[index])
            advance()
        }
        return nil
    }

    /// A `|||` text block: lines indented at least as the first one, up to a line of whitespace and `|||`.
    /// The value is the lines without that indentation, each ending in a newline (`|||-` drops the last).
    private mutating func textBlock(budget: ExtractionBudget) -> String? {
        advance(); advance(); advance()
        let chomp = peek() == UInt8(ascii: "-")
        if chomp { advance() }
        // The rest of the opening line must be blank.
        while let byte = peek(), byte != UInt8(ascii: "\n") {
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") else { return nil }
            advance()
        }
        guard peek() == UInt8(ascii: "\n") else { return nil }
        advance()
        var indent: [UInt8]?
        var value: [UInt8] = []
        while index < bytes.count {
            guard budget.spend(1, line: line) else { return nil }
            let lineStart = index
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let text = Array(bytes[lineStart..<end])
            let leading = Array(text.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
            let rest = text.dropFirst(leading.count)
            if indent == nil, !rest.isEmpty { indent = leading }
            if let indent, !text.starts(with: indent), !rest.isEmpty {
                // The block ends at a less indented line, which must be `|||`.
                guard rest.starts(with: Array("|||".utf8)) else { return nil }
                while index < lineStart + leading.count + 3 { advance() }
                if chomp, value.last == UInt8(ascii: "\n") { value.removeLast() }
                return String(decoding: value, as: UTF8.self)
            }
            value += text.dropFirst(min(indent?.count ?? 0, text.count))
            value.append(UInt8(ascii: "\n"))
            while index < end { guard budget.spend(1, line: line) else { return nil }; index += 1 }
            if index < bytes.count { advance() }
        }
        return nil
    }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}
