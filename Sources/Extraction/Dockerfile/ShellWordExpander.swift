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
    /// The word is not valid syntax (an open quote, `${` without `}`, an unknown modifier).
    case malformed(message: String)
}

/// Expands one word the way BuildKit's `shell.Lex.ProcessWord` does: quotes removed, the escape
/// character honoured, and `$V`, `${V}`, `${V:-w}`, `${V-w}`, `${V:+w}`, `${V+w}`, `${V:?w}`, `${V?w}`,
/// `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`, `${V/p/r}`, `${V//p/r}` substituted.
///
/// A variable that has no value at extraction time makes the whole word unresolved, unless the form
/// used does not need its value (`${V:-default}` of an unset `V` is `default`). Output and nesting are
/// bounded so hostile input cannot make the work grow beyond linear.
struct ShellWordExpander {
    /// Longest text one word may expand to.
    static let maxLength = 16_384
    /// Deepest `${…${…}…}` nesting followed.
    static let maxNesting = 32
    /// Longest value a pattern modifier (`#`, `%`, `/`) is applied to.
    static let maxPatternSubject = 1_024

    let escapeToken: Unicode.Scalar
    let lookup: (String) -> VariableLookup

    /// Expands `word`.
    func expand(_ word: String) -> ShellExpansion {
        var run = Run(scalars: Array(word.unicodeScalars), escapeToken: escapeToken, lookup: lookup)
        do {
            let piece = try run.process(stopAt: nil, rawEscapes: false, depth: 0)
            if let reason = piece.unresolved { return .unresolved(reason: reason) }
            return .text(DockerfileWords.string(piece.text))
        } catch {
            return .malformed(message: error.message)
        }
    }
}

/// Why a word could not be expanded.
struct ShellSyntaxError: Error, Hashable {
    var message: String
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

    mutating func append(_ other: Piece) throws(ShellSyntaxError) {
        if unresolved == nil { unresolved = other.unresolved }
        text.append(contentsOf: other.text)
        try checkLength()
    }

    mutating func append(_ scalar: Unicode.Scalar) throws(ShellSyntaxError) {
        text.append(scalar)
        try checkLength()
    }

    private func checkLength() throws(ShellSyntaxError) {
        if text.count > ShellWordExpander.maxLength {
            throw ShellSyntaxError(message: "expands to more than \(ShellWordExpander.maxLength) characters")
        }
    }
}

/// One pass over a word.
private struct Run {
    let scalars: [Unicode.Scalar]
    let escapeToken: Unicode.Scalar
    let lookup: (String) -> VariableLookup
    var pos = 0

    init(scalars: [Unicode.Scalar], escapeToken: Unicode.Scalar, lookup: @escaping (String) -> VariableLookup) {
        self.scalars = scalars
        self.escapeToken = escapeToken
        self.lookup = lookup
    }

    private var atEnd: Bool { pos >= scalars.count }

    /// Processes up to `stop` (consumed) or the end of the word.
    mutating func process(stopAt stop: Unicode.Scalar?, rawEscapes: Bool, depth: Int) throws(ShellSyntaxError) -> Piece {
        var out = Piece()
        while !atEnd {
            let ch = scalars[pos]
            if let stop, ch == stop {
                pos += 1
                return out
            }
            switch ch {
            case "$":
                try out.append(try dollar(depth: depth))
            case "'":
                try out.append(try singleQuoted())
            case "\"":
                try out.append(try doubleQuoted(depth: depth))
            default:
                pos += 1
                var literal = ch
                if literal == escapeToken {
                    if rawEscapes { try out.append(literal) }
                    if atEnd { break }
                    literal = scalars[pos]
                    pos += 1
                }
                try out.append(literal)
            }
        }
        if let stop {
            throw ShellSyntaxError(message: "unexpected end of statement while looking for matching \(stop)")
        }
        return out
    }

    private mutating func singleQuoted() throws(ShellSyntaxError) -> Piece {
        pos += 1
        guard let close = scalars[pos...].firstIndex(of: "'") else {
            throw ShellSyntaxError(message: "unexpected end of statement while looking for matching single-quote")
        }
        let piece = Piece(text: Array(scalars[pos..<close]))
        pos = close + 1
        return piece
    }

    private mutating func doubleQuoted(depth: Int) throws(ShellSyntaxError) -> Piece {
        pos += 1
        var out = Piece()
        while true {
            guard !atEnd else {
                throw ShellSyntaxError(message: "unexpected end of statement while looking for matching double-quote")
            }
            var ch = scalars[pos]
            if ch == "\"" {
                pos += 1
                return out
            }
            if ch == "$" {
                try out.append(try dollar(depth: depth))
                continue
            }
            pos += 1
            if ch == escapeToken {
                if atEnd { continue }
                let next = scalars[pos]
                if next == "\"" || next == "$" || next == escapeToken {
                    ch = next
                    pos += 1
                }
            }
            try out.append(ch)
        }
    }

    private mutating func dollar(depth: Int) throws(ShellSyntaxError) -> Piece {
        pos += 1
        guard !atEnd, scalars[pos] == "{" else {
            let name = processName()
            if name.isEmpty { return Piece("$") }
            return plain(name)
        }
        pos += 1
        guard !atEnd else { throw ShellSyntaxError(message: "syntax error: missing '}'") }
        if scalars[pos] == "{" || scalars[pos] == "}" || scalars[pos] == ":" {
            throw ShellSyntaxError(message: "syntax error: bad substitution")
        }
        let name = processName()
        guard !atEnd else { throw ShellSyntaxError(message: "syntax error: missing '}'") }
        let ch = scalars[pos]
        pos += 1
        switch ch {
        case "}":
            return plain(name)
        case ":", "+", "-", "?", "#", "%":
            var modifier = ch
            let nullIsUnset = ch == ":"
            if nullIsUnset {
                guard !atEnd else { throw ShellSyntaxError(message: "syntax error: missing '}'") }
                modifier = scalars[pos]
                pos += 1
            }
            guard depth < ShellWordExpander.maxNesting else {
                throw ShellSyntaxError(message: "substitutions nested more than \(ShellWordExpander.maxNesting) deep")
            }
            var word = try enclosed(stopAt: "}", rawEscapes: modifier == "#" || modifier == "%", depth: depth + 1)
            switch modifier {
            case "-":
                switch lookup(name) {
                case .value(let value): return nullIsUnset && value.isEmpty ? word : Piece(value)
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
                    return Piece(value)
                case .unset(let reason):
                    return .unresolved(message.isEmpty ? reason : "\(reason) (\(message))")
                case .unknown(let reason, _):
                    return .unresolved(reason)
                }
            case "#", "%":
                let greedy = word.text.first == modifier
                if greedy { word.text.removeFirst() }
                return withValue(of: name, pattern: word) { value, pattern in
                    modifier == "#"
                        ? pattern.removingPrefix(of: value, longest: greedy)
                        : pattern.removingSuffix(of: value, longest: greedy)
                }
            default:
                throw ShellSyntaxError(message: "unsupported modifier (\(nullIsUnset ? ":" : "")\(modifier)) in substitution")
            }
        case "/":
            let replaceAll = !atEnd && scalars[pos] == "/"
            if replaceAll { pos += 1 }
            guard depth < ShellWordExpander.maxNesting else {
                throw ShellSyntaxError(message: "substitutions nested more than \(ShellWordExpander.maxNesting) deep")
            }
            let pattern = try enclosed(stopAt: "/", rawEscapes: true, depth: depth + 1)
            let replacement = try enclosed(stopAt: "}", rawEscapes: true, depth: depth + 1)
            if let reason = replacement.unresolved { return .unresolved(reason) }
            return withValue(of: name, pattern: pattern) { value, compiled in
                compiled.replacing(in: value, with: replacement.text, all: replaceAll)
            }
        default:
            throw ShellSyntaxError(message: "unsupported modifier (\(ch)) in substitution")
        }
    }

    /// The text up to `stop`, reporting a missing `}` as such.
    private mutating func enclosed(stopAt stop: Unicode.Scalar, rawEscapes: Bool, depth: Int) throws(ShellSyntaxError) -> Piece {
        do {
            return try process(stopAt: stop, rawEscapes: rawEscapes, depth: depth)
        } catch {
            if atEnd && error.message.hasPrefix("unexpected end of statement while looking for matching \(stop)") {
                throw ShellSyntaxError(message: "syntax error: missing '\(stop)'")
            }
            throw error
        }
    }

    /// Applies a pattern modifier once both the variable's value and the pattern are known.
    private func withValue(of name: String, pattern: Piece,
                           _ apply: ([Unicode.Scalar], ShellPattern) -> [Unicode.Scalar]) -> Piece {
        if let reason = pattern.unresolved { return .unresolved(reason) }
        switch lookup(name) {
        case .value(let value):
            let subject = Array(value.unicodeScalars)
            guard subject.count <= ShellWordExpander.maxPatternSubject else {
                return .unresolved("the value of \(name) is too long (over \(ShellWordExpander.maxPatternSubject) characters) for pattern substitution")
            }
            return Piece(text: apply(subject, ShellPattern(pattern.text)))
        case .unset(let reason), .unknown(let reason, _):
            return .unresolved(reason)
        }
    }

    private func plain(_ name: String) -> Piece {
        switch lookup(name) {
        case .value(let value): Piece(value)
        case .unset(let reason), .unknown(let reason, _): .unresolved(reason)
        }
    }

    /// A variable name: a run of digits, one special parameter, or letters, digits and `_`.
    private mutating func processName() -> String {
        guard !atEnd else { return "" }
        let first = scalars[pos]
        if first.properties.numericType == .decimal {
            let start = pos
            while !atEnd, scalars[pos].properties.numericType == .decimal { pos += 1 }
            return DockerfileWords.string(scalars[start..<pos])
        }
        if "@*#?-$!0".unicodeScalars.contains(first) {
            pos += 1
            return String(first)
        }
        let start = pos
        while !atEnd {
            let ch = scalars[pos]
            guard ch.properties.isAlphabetic || ch.properties.numericType == .decimal || ch == "_" else { break }
            pos += 1
        }
        return DockerfileWords.string(scalars[start..<pos])
    }
}
