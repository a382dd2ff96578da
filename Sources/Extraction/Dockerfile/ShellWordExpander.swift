/// How one variable stands when a word is expanded.
enum VariableLookup: Hashable, Sendable {
    /// Known value.
    case value(String)
    /// Not set at build time unless a build argument is passed; `reason` says why it has no value.
    case unset(reason: String)
    /// Set at build time to something not knowable here; `nonEmpty` when it is surely not empty.
    case unknown(reason: String, nonEmpty: Bool)
}

/// What expanding one word gives.
enum ShellExpansion: Hashable, Sendable {
    /// Fully known text.
    case text(String)
    /// Depends on something not knowable inside the file.
    case unresolved(reason: String)
    /// The word is not valid syntax or too large to expand; the error says which.
    case failed(DockerfileSyntaxError)
}

/// Expands one word the way BuildKit's `shell.Lex.ProcessWord` does: quotes removed, the escape
/// character honoured, and `$V`, `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`, `${V:?w}`, `${V?w}`,
/// `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`, `${V/p/r}`, `${V//p/r}` substituted.
///
/// A variable that has no value at extraction time makes the whole word unresolved, unless the form
/// used does not need its value (`${V:-default}` of an unset `V` is `default`). Output, nesting and
/// total work are bounded so hostile input cannot make the work grow beyond linear.
struct ShellWordExpander {
    /// Longest text one word may expand to.
    static let maxLength = 16_384
    /// Deepest `${…${…}…}` nesting followed.
    static let maxNesting = 32
    /// Longest value or pattern a pattern modifier (`#`, `%`, `/`) works on.
    static let maxPatternLength = 1_024

    let escapeToken: Unicode.Scalar
    let budget: ExpansionBudget
    let lookup: (String) -> VariableLookup

    /// Expands `word`.
    func expand(_ word: String) -> ShellExpansion {
        var run = Run(scalars: Array(word.unicodeScalars), escapeToken: escapeToken, budget: budget, lookup: lookup)
        do {
            let piece = try run.process(stopAt: nil, rawEscapes: false, depth: 0)
            if let reason = piece.unresolved { return .unresolved(reason: reason) }
            return .text(DockerfileWords.string(piece.text))
        } catch {
            return .failed(error)
        }
    }
}

/// Expanded text, or the first reason it cannot be known.
private struct Piece {
    var text: [Unicode.Scalar] = []
    var unresolved: String?

    init(text: [Unicode.Scalar] = [], unresolved: String? = nil) {
        self.text = text
        self.unresolved = unresolved
    }

    init(_ string: String) {
        self.text = Array(string.unicodeScalars)
    }

    static func unresolved(_ reason: String) -> Piece {
        Piece(unresolved: reason)
    }
}

/// One pass over a word.
private struct Run {
    let scalars: [Unicode.Scalar]
    let escapeToken: Unicode.Scalar
    let budget: ExpansionBudget
    let lookup: (String) -> VariableLookup
    var pos = 0

    init(scalars: [Unicode.Scalar], escapeToken: Unicode.Scalar, budget: ExpansionBudget,
         lookup: @escaping (String) -> VariableLookup) {
        self.scalars = scalars
        self.escapeToken = escapeToken
        self.budget = budget
        self.lookup = lookup
    }

    private var atEnd: Bool { pos >= scalars.count }

    /// Processes up to `stop` (consumed) or the end of the word.
    mutating func process(stopAt stop: Unicode.Scalar?, rawEscapes: Bool, depth: Int) throws(DockerfileSyntaxError) -> Piece {
        var out = Piece()
        while !atEnd {
            let ch = scalars[pos]
            if let stop, ch == stop {
                pos += 1
                return out
            }
            switch ch {
            case "$":
                try append(try dollar(depth: depth), to: &out)
            case "'":
                try append(try singleQuoted(), to: &out)
            case "\"":
                try append(try doubleQuoted(depth: depth), to: &out)
            default:
                pos += 1
                guard ch == escapeToken else {
                    try append(ch, to: &out)
                    continue
                }
                if rawEscapes { try append(ch, to: &out) }
                // An escape character ending the word is dropped.
                if !atEnd {
                    try append(scalars[pos], to: &out)
                    pos += 1
                }
            }
        }
        if let stop {
            throw .malformedExpression("unexpected end of statement while looking for matching \(stop)")
        }
        return out
    }

    private func append(_ piece: Piece, to out: inout Piece) throws(DockerfileSyntaxError) {
        if out.unresolved == nil { out.unresolved = piece.unresolved }
        try budget.spend(piece.text.count)
        out.text.append(contentsOf: piece.text)
        try checkLength(out)
    }

    private func append(_ scalar: Unicode.Scalar, to out: inout Piece) throws(DockerfileSyntaxError) {
        out.text.append(scalar)
        try checkLength(out)
    }

    private func checkLength(_ piece: Piece) throws(DockerfileSyntaxError) {
        if piece.text.count > ShellWordExpander.maxLength {
            throw .expansionTooLarge("expands to more than \(ShellWordExpander.maxLength) characters")
        }
    }

    private mutating func singleQuoted() throws(DockerfileSyntaxError) -> Piece {
        pos += 1
        guard let close = scalars[pos...].firstIndex(of: "'") else {
            throw .malformedExpression("unexpected end of statement while looking for matching single-quote")
        }
        let piece = Piece(text: Array(scalars[pos..<close]))
        pos = close + 1
        try checkLength(piece)
        return piece
    }

    private mutating func doubleQuoted(depth: Int) throws(DockerfileSyntaxError) -> Piece {
        pos += 1
        var out = Piece()
        while true {
            guard !atEnd else {
                throw .malformedExpression("unexpected end of statement while looking for matching double-quote")
            }
            var ch = scalars[pos]
            if ch == "\"" {
                pos += 1
                return out
            }
            if ch == "$" {
                try append(try dollar(depth: depth), to: &out)
                continue
            }
            pos += 1
            if ch == escapeToken {
                // Inside double quotes the escape character only escapes `"`, `$` and itself.
                if atEnd { continue }
                let next = scalars[pos]
                if next == "\"" || next == "$" || next == escapeToken {
                    ch = next
                    pos += 1
                }
            }
            try append(ch, to: &out)
        }
    }

    private mutating func dollar(depth: Int) throws(DockerfileSyntaxError) -> Piece {
        pos += 1
        guard !atEnd, scalars[pos] == "{" else {
            let name = processName()
            if name.isEmpty { return Piece("$") }
            return try plain(name)
        }
        pos += 1
        guard !atEnd else { throw .malformedExpression("syntax error: missing '}'") }
        if scalars[pos] == "{" || scalars[pos] == "}" || scalars[pos] == ":" {
            throw .malformedExpression("syntax error: bad substitution")
        }
        let name = processName()
        guard !atEnd else { throw .malformedExpression("syntax error: missing '}'") }
        let ch = scalars[pos]
        pos += 1
        switch ch {
        case "}":
            return try plain(name)
        case ":", "+", "-", "?", "#", "%":
            var modifier = ch
            let nullIsUnset = ch == ":"
            if nullIsUnset {
                guard !atEnd else { throw .malformedExpression("syntax error: missing '}'") }
                modifier = scalars[pos]
                pos += 1
            }
            var word = try enclosed(stopAt: "}", rawEscapes: modifier == "#" || modifier == "%", depth: depth)
            switch modifier {
            case "-":
                switch lookup(name) {
                case .value(let value): return nullIsUnset && value.isEmpty ? word : try valuePiece(value)
                case .unset: return word
                case .unknown(let reason, _): return .unresolved(reason)
                }
            case "+":
                switch lookup(name) {
                case .value(let value): return nullIsUnset && value.isEmpty ? Piece() : word
                case .unset: return Piece()
                case .unknown(let reason, let nonEmpty):
                    return nonEmpty || !nullIsUnset ? word : .unresolved(reason)
                }
            case "?":
                let message = word.unresolved == nil ? DockerfileWords.string(word.text) : ""
                switch lookup(name) {
                case .value(let value):
                    if nullIsUnset && value.isEmpty {
                        return .unresolved("\(name): \(message.isEmpty ? "is not allowed to be empty" : message)")
                    }
                    return try valuePiece(value)
                case .unset(let reason):
                    return .unresolved(message.isEmpty ? reason : "\(reason) (\(message))")
                case .unknown(let reason, _):
                    return .unresolved(reason)
                }
            case "#", "%":
                let greedy = word.text.first == modifier
                if greedy { word.text.removeFirst() }
                return try withValue(of: name, pattern: word) { value, pattern throws(DockerfileSyntaxError) in
                    modifier == "#"
                        ? try pattern.removingPrefix(of: value, longest: greedy, budget: budget)
                        : try pattern.removingSuffix(of: value, longest: greedy, budget: budget)
                }
            default:
                throw .malformedExpression("unsupported modifier (\(nullIsUnset ? ":" : "")\(modifier)) in substitution")
            }
        case "/":
            let replaceAll = !atEnd && scalars[pos] == "/"
            if replaceAll { pos += 1 }
            let pattern = try enclosed(stopAt: "/", rawEscapes: true, depth: depth)
            let replacement = try enclosed(stopAt: "}", rawEscapes: true, depth: depth)
            if let reason = replacement.unresolved { return .unresolved(reason) }
            return try withValue(of: name, pattern: pattern) { value, compiled throws(DockerfileSyntaxError) in
                try compiled.replacing(in: value, with: replacement.text, all: replaceAll, budget: budget)
            }
        default:
            throw .malformedExpression("unsupported modifier (\(ch)) in substitution")
        }
    }

    /// The word inside `${name<modifier>…}` up to `stop`, one level deeper; a missing `stop` is
    /// reported as such.
    private mutating func enclosed(stopAt stop: Unicode.Scalar, rawEscapes: Bool, depth: Int) throws(DockerfileSyntaxError) -> Piece {
        guard depth < ShellWordExpander.maxNesting else {
            throw .expansionTooLarge("substitutions nested more than \(ShellWordExpander.maxNesting) deep")
        }
        do {
            return try process(stopAt: stop, rawEscapes: rawEscapes, depth: depth + 1)
        } catch .malformedExpression(let message) where atEnd && message.hasPrefix("unexpected end of statement") {
            throw .malformedExpression("syntax error: missing '\(stop)'")
        }
    }

    /// Applies a pattern modifier once both the variable's value and the pattern are known.
    private func withValue(
        of name: String, pattern: Piece,
        _ apply: ([Unicode.Scalar], ShellPattern) throws(DockerfileSyntaxError) -> [Unicode.Scalar]
    ) throws(DockerfileSyntaxError) -> Piece {
        if let reason = pattern.unresolved { return .unresolved(reason) }
        switch lookup(name) {
        case .value(let value):
            let limit = ShellWordExpander.maxPatternLength
            let tooLong = DockerfileSyntaxError.expansionTooLarge(
                "pattern substitution on \(name) works on more than \(limit) characters")
            guard value.utf8.count <= limit * 4, pattern.text.count <= limit else { throw tooLong }
            try budget.spend(value.utf8.count)
            let subject = Array(value.unicodeScalars)
            guard subject.count <= limit else { throw tooLong }
            return Piece(text: try apply(subject, ShellPattern(pattern.text)))
        case .unset(let reason), .unknown(let reason, _):
            return .unresolved(reason)
        }
    }

    private func plain(_ name: String) throws(DockerfileSyntaxError) -> Piece {
        switch lookup(name) {
        case .value(let value): try valuePiece(value)
        case .unset(let reason), .unknown(let reason, _): .unresolved(reason)
        }
    }

    /// A variable's value as a piece, charged to the budget before it is copied.
    private func valuePiece(_ value: String) throws(DockerfileSyntaxError) -> Piece {
        try budget.spend(value.utf8.count)
        if value.utf8.count > ShellWordExpander.maxLength * 4 {
            throw .expansionTooLarge("expands to more than \(ShellWordExpander.maxLength) characters")
        }
        return Piece(value)
    }

    /// A variable name: a run of digits, one special parameter, or letters, digits and `_`.
    private mutating func processName() -> String {
        guard !atEnd else { return "" }
        let first = scalars[pos]
        if Self.isDigit(first) {
            let start = pos
            while !atEnd, Self.isDigit(scalars[pos]) { pos += 1 }
            return DockerfileWords.string(scalars[start..<pos])
        }
        if "@*#?-$!0".unicodeScalars.contains(first) {
            pos += 1
            return String(first)
        }
        let start = pos
        while !atEnd {
            let ch = scalars[pos]
            guard Self.isLetter(ch) || Self.isDigit(ch) || ch == "_" else { break }
            pos += 1
        }
        return DockerfileWords.string(scalars[start..<pos])
    }

    /// Go's `unicode.IsDigit`.
    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("0"..."9").contains(scalar) : scalar.properties.numericType == .decimal
    }

    /// Go's `unicode.IsLetter`, near enough.
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) : scalar.properties.isAlphabetic
    }
}
