import Foundation

/// Reads the subset of HCL that Bake files use: blocks with labels (`target "app" { … }`), attributes,
/// strings with `${name}` interpolation, heredocs, lists, objects and the three comment styles.
///
/// Anything else an attribute may hold (function calls, conditions, operators, `for` expressions,
/// references such as `target.base.args`) is skipped as one `.expression` value, so a Bake file full of
/// functions still yields its plain attributes. The reader is one pass over the text, paying the file's
/// budget per character; a syntax error becomes a warning and reading resumes on the next line.
struct HCLReader {
    /// A value and the 1-based line it starts on.
    struct Node {
        var value: Value
        var line: Int
    }

    /// The values Bake's plain attributes hold.
    indirect enum Value {
        /// A quoted string or heredoc.
        case string(Template)
        case list([Node])
        case object([(key: String, value: Node)])
        /// A bare name (`GO_VERSION`): a variable's value.
        case variable(String)
        /// A number, `true`, `false` or `null`, as written.
        case literal(String)
        /// Anything else HCL allows, as written; not evaluated.
        case expression(String)
    }

    /// A string with its interpolations, and its text as written (quotes removed).
    struct Template {
        enum Part: Equatable {
            case text(String)
            case variable(String)
            /// `${…}` holding more than a name (a function, a condition).
            case expression(String)
        }

        var parts: [Part]
        var raw: String
    }

    /// `type "label" … { body }`.
    struct Block {
        var type: String
        var labels: [String]
        var body: Body
        var line: Int
    }

    /// The attributes and blocks of the file or of one block, in file order.
    struct Body {
        var attributes: [(name: String, value: Node)] = []
        var blocks: [Block] = []

        /// The last value of attribute `name` (HCL forbids repeats; the last one wins if written twice).
        subscript(name: String) -> Node? {
            attributes.last(where: { $0.name == name })?.value
        }
    }

    /// Deepest nesting of blocks and collections read; deeper input is a warning.
    static let maxDepth = 64

    private let scalars: [Unicode.Scalar]
    private let budget: ExtractionBudget
    private var index = 0
    private var line = 1
    private(set) var warnings: [ExtractionWarning] = []

    /// The file's top-level body and the problems met reading it.
    static func read(_ text: String, budget: ExtractionBudget) -> (body: Body, warnings: [ExtractionWarning]) {
        var reader = HCLReader(scalars: Array(text.unicodeScalars), budget: budget)
        let body = reader.body(depth: 0, closed: false)
        return (body, reader.warnings)
    }

    private init(scalars: [Unicode.Scalar], budget: ExtractionBudget) {
        self.scalars = scalars
        self.budget = budget
    }

    // MARK: - Characters

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    /// Moves past one character, paying for it; false once the budget is spent.
    @discardableResult
    private mutating func advance() -> Bool {
        guard index < scalars.count else { return false }
        if scalars[index] == "\n" { line += 1 }
        index += 1
        return budget.spend(line: line)
    }

    private var canRead: Bool { index < scalars.count && !budget.isExhausted }

    /// Skips blanks and comments; newlines too when `newlines` (inside brackets they mean nothing).
    private mutating func skipTrivia(newlines: Bool) {
        while canRead, let c = current {
            if c == " " || c == "\t" || c == "\r" || (newlines && c == "\n") {
                advance()
            } else if c == "#" || (c == "/" && peek(1) == "/") {
                while canRead, current != "\n" { advance() }
            } else if c == "/" && peek(1) == "*" {
                advance(); advance()
                while canRead, !(current == "*" && peek(1) == "/") { advance() }
                if current == nil { warn("a /* comment is not closed before the end of the file") }
                advance(); advance()
            } else {
                return
            }
        }
    }

    private mutating func warn(_ message: String) {
        warnings.append(ExtractionWarning(line: line, message: message))
    }

    /// Skips to the start of the next line, after a syntax error.
    private mutating func skipLine() {
        while canRead, current != "\n" { advance() }
        advance()
    }

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.properties.isAlphabetic && c.isASCII)
    }

    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || c == "-" || ("0"..."9").contains(c)
    }

    private mutating func name() -> String {
        var text = String.UnicodeScalarView()
        while canRead, let c = current, Self.isNameCharacter(c) {
            text.append(c)
            advance()
        }
        return String(text)
    }

    // MARK: - Bodies

    private mutating func body(depth: Int, closed: Bool) -> Body {
        var body = Body()
        while canRead {
            skipTrivia(newlines: true)
            guard canRead, let c = current else { break }
            if c == "}" {
                if closed { advance(); return body }
                warn("unexpected '}' with no block open")
                advance()
                continue
            }
            guard Self.isNameStart(c) else {
                warn("expected an attribute or a block, found '\(Character(c))'")
                skipLine()
                continue
            }
            let start = line
            let word = name()
            skipTrivia(newlines: false)
            if current == "=" && peek(1) != "=" {
                advance()
                skipTrivia(newlines: false)
                body.attributes.append((word, expression(depth: depth, inCollection: false, closers: [])))
                continue
            }
            var labels: [String] = []
            while canRead, let next = current, next != "{" {
                if next == "\"", case .string(let label) = quoted(depth: depth) {
                    labels.append(label.raw)
                } else if Self.isNameStart(next) {
                    labels.append(name())
                } else {
                    break
                }
                skipTrivia(newlines: false)
            }
            guard current == "{" else {
                warn("expected '=' or a block after \(word)")
                skipLine()
                continue
            }
            advance()
            guard depth < Self.maxDepth else {
                warn("blocks nested more than \(Self.maxDepth) deep are not read")
                return body
            }
            body.blocks.append(Block(type: word, labels: labels, body: self.body(depth: depth + 1, closed: true), line: start))
        }
        if closed && !budget.isExhausted { warn("a block is not closed before the end of the file") }
        return body
    }

    // MARK: - Expressions

    /// One expression. A single string, heredoc, list, object, name or literal is read; anything
    /// longer is skipped up to the end of the expression (a newline outside brackets, or inside a
    /// collection one of `closers`, a ',' or a newline).
    private mutating func expression(depth: Int, inCollection: Bool, closers: Set<Unicode.Scalar>) -> Node {
        let start = (index: index, line: line)
        let value = primary(depth: depth)
        skipTrivia(newlines: false)
        let ended = current == nil || current == "\n" || current == "," || (current.map(closers.contains) ?? false)
        if ended, let value { return Node(value: value, line: start.line) }
        // Not a plain value: start again and skip the whole expression.
        index = start.index
        line = start.line
        skipExpression(closers: closers)
        let written = String(String.UnicodeScalarView(scalars[start.index..<index]))
        return Node(value: .expression(written.trimmingWhitespaceAndNewlines()), line: start.line)
    }

    private mutating func primary(depth: Int) -> Value? {
        guard let c = current else { return nil }
        guard depth < Self.maxDepth else { return nil }
        if c == "\"" { return quoted(depth: depth) }
        if c == "<" && peek(1) == "<" { return heredoc() }
        if c == "[" { return list(depth: depth) }
        if c == "{" { return object(depth: depth) }
        if Self.isNameStart(c) {
            let word = name()
            if current == "(" || current == "." || current == "[" { return nil }
            return ["true", "false", "null"].contains(word) ? .literal(word) : .variable(word)
        }
        if ("0"..."9").contains(c) || c == "-" {
            var text = String.UnicodeScalarView()
            while canRead, let d = current, ("0"..."9").contains(d) || d == "." || d == "-" || d == "e" || d == "E" {
                text.append(d)
                advance()
            }
            return .literal(String(text))
        }
        return nil
    }

    private mutating func list(depth: Int) -> Value? {
        advance()
        var items: [Node] = []
        while canRead {
            skipTrivia(newlines: true)
            if current == "]" { advance(); return .list(items) }
            if current == "," { advance(); continue }
            let before = index
            items.append(expression(depth: depth + 1, inCollection: true, closers: ["]"]))
            if index == before { return nil }
        }
        return nil
    }

    private mutating func object(depth: Int) -> Value? {
        advance()
        var members: [(key: String, value: Node)] = []
        while canRead {
            skipTrivia(newlines: true)
            guard let c = current else { return nil }
            if c == "}" { advance(); return .object(members) }
            if c == "," { advance(); continue }
            let key: String
            if c == "\"", case .string(let template) = quoted(depth: depth) {
                key = template.raw
            } else if Self.isNameStart(c) {
                key = name()
            } else {
                return nil
            }
            skipTrivia(newlines: false)
            guard current == "=" || current == ":" else { return nil }
            advance()
            skipTrivia(newlines: false)
            members.append((key, expression(depth: depth + 1, inCollection: true, closers: ["}"])))
        }
        return nil
    }

    /// A quoted string: escapes decoded, `${name}` kept as a variable part, `$${` as a literal `${`.
    private mutating func quoted(depth: Int) -> Value? {
        advance()
        var parts: [Template.Part] = []
        var text = String.UnicodeScalarView()
        var raw = String.UnicodeScalarView()
        while canRead, let c = current, c != "\"", c != "\n" {
            if c == "\\", let next = peek(1) {
                let decoded: Unicode.Scalar = switch next {
                case "n": "\n"
                case "t": "\t"
                case "r": "\r"
                default: next
                }
                text.append(decoded)
                raw.append(decoded)
                advance(); advance()
            } else if c == "$" && peek(1) == "$" && peek(2) == "{" {
                text.append("$"); text.append("{")
                raw.append("$"); raw.append("{")
                advance(); advance(); advance()
            } else if (c == "$" || c == "%") && peek(1) == "{" {
                if !text.isEmpty { parts.append(.text(String(text))) }
                text = String.UnicodeScalarView()
                let inner = interpolation()
                raw.append(contentsOf: "\(Character(c)){\(inner)}".unicodeScalars)
                let trimmed = inner.trimmingWhitespace()
                let isName = c == "$" && !trimmed.isEmpty && trimmed.unicodeScalars.allSatisfy(Self.isNameCharacter)
                    && trimmed.unicodeScalars.first.map(Self.isNameStart) == true
                parts.append(isName ? .variable(trimmed) : .expression(inner))
            } else {
                text.append(c)
                raw.append(c)
                advance()
            }
        }
        guard current == "\"" else {
            warn("a string is not closed on its line")
            return nil
        }
        advance()
        if !text.isEmpty { parts.append(.text(String(text))) }
        return .string(Template(parts: parts, raw: String(raw)))
    }

    /// The text of one `${…}` (the reader stands on `$`), braces balanced, quoted strings skipped.
    private mutating func interpolation() -> String {
        advance(); advance()
        var depth = 1
        var text = String.UnicodeScalarView()
        var inString = false
        while canRead, let c = current, c != "\n" {
            if inString {
                if c == "\\" { text.append(c); advance() } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "{" {
                depth += 1
            } else if c == "}" {
                depth -= 1
                if depth == 0 { advance(); break }
            }
            if let now = current { text.append(now) }
            advance()
        }
        return String(text)
    }

    /// `<<EOT` or `<<-EOT` up to the line holding only the marker.
    private mutating func heredoc() -> Value? {
        advance(); advance()
        let indented = current == "-"
        if indented { advance() }
        let marker = name()
        guard !marker.isEmpty else {
            warn("a heredoc needs a marker after <<")
            return nil
        }
        skipLine()
        var lines: [String] = []
        while canRead {
            var text = String.UnicodeScalarView()
            while canRead, let c = current, c != "\n" {
                text.append(c)
                advance()
            }
            let lineText = String(text)
            if lineText.trimmingWhitespace() == marker {
                return .string(Self.template(from: lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")))
            }
            lines.append(indented ? lineText.trimmingWhitespace() : lineText)
            advance()
        }
        warn("a heredoc is not closed by \(marker)")
        return nil
    }

    /// A heredoc's text split into literal text and `${name}` interpolations.
    static func template(from text: String) -> Template {
        var parts: [Template.Part] = []
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                parts.append(.expression(String(rest[open.upperBound...])))
                return Template(parts: parts, raw: text)
            }
            let inner = rest[open.upperBound..<close].trimmingWhitespace()
            let isName = !inner.isEmpty && inner.unicodeScalars.allSatisfy(isNameCharacter)
            parts.append(isName ? .variable(inner) : .expression(inner))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return Template(parts: parts, raw: text)
    }

    /// Skips an expression the reader does not read, brackets balanced, strings and comments skipped.
    private mutating func skipExpression(closers: Set<Unicode.Scalar>) {
        var depth = 0
        while canRead, let c = current {
            if depth == 0 && (c == "\n" || c == "," || closers.contains(c)) { return }
            switch c {
            case "(", "[", "{":
                depth += 1
                advance()
            case ")", "]", "}":
                if depth == 0 { return }
                depth -= 1
                advance()
            case "\"":
                // Its problems were reported when it was first read as a value.
                let reported = warnings.count
                _ = quoted(depth: 0)
                warnings.removeLast(warnings.count - reported)
            case "#":
                while canRead, current != "\n" { advance() }
            case "/" where peek(1) == "/" || peek(1) == "*":
                skipTrivia(newlines: false)
            default:
                advance()
            }
        }
    }
}
