/// A shell-style wildcard pattern: `*` matches any run of characters (including `/`), `?` one
/// character, `[abc]`, `[a-z]` and `[!a-z]` one character of (or not of) a set; everything else
/// matches itself.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    /// One element of a compiled pattern.
    enum Token: Sendable, Hashable {
        case literal(Character)
        case anyOne
        case anyRun
        case set(members: [ClosedRange<Character>], negated: Bool)
    }

    /// Thrown by `init(_:)` when the text is not a well-formed pattern.
    public struct SyntaxError: Error, Equatable, Sendable {
        /// What is wrong, for a user.
        public var problem: String
    }

    /// The pattern as written.
    public let text: String
    let tokens: [Token]

    /// Compiles `text`; an unterminated or empty `[…]` set is a syntax error.
    public init(_ text: String) throws(SyntaxError) {
        self.text = text
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
                index += 1
            case "?":
                tokens.append(.anyOne)
                index += 1
            case "[":
                let (token, next) = try Self.parseSet(characters, from: index)
                tokens.append(token)
                index = next
            default:
                tokens.append(.literal(character))
                index += 1
            }
        }
        self.tokens = tokens
    }

    /// Whether the pattern uses any wildcard at all.
    public var hasWildcards: Bool {
        tokens.contains { if case .literal = $0 { return false } else { return true } }
    }

    /// Whether `candidate` matches the whole pattern.
    public func matches(_ candidate: String) -> Bool {
        let input = Array(candidate)
        // Iterative matching with single backtrack point for the last `*` seen (linear in practice).
        var t = 0, i = 0
        var starToken = -1, starInput = 0
        while i < input.count {
            if t < tokens.count, tokens[t] != .anyRun, Self.token(tokens[t], accepts: input[i]) {
                t += 1
                i += 1
            } else if t < tokens.count, tokens[t] == .anyRun {
                starToken = t
                starInput = i
                t += 1
            } else if starToken >= 0 {
                t = starToken + 1
                starInput += 1
                i = starInput
            } else {
                return false
            }
        }
        while t < tokens.count, tokens[t] == .anyRun { t += 1 }
        return t == tokens.count
    }

    /// The pattern as written.
    public var description: String { text }

    /// The text with every wildcard replaced by `filler`, to check the rest against a grammar.
    func filled(with filler: Character) -> String {
        String(tokens.map { token -> Character in
            if case .literal(let character) = token { return character }
            return filler
        })
    }

    private static func token(_ token: Token, accepts character: Character) -> Bool {
        switch token {
        case .literal(let expected): return expected == character
        case .anyOne: return true
        case .anyRun: return true
        case .set(let members, let negated):
            return members.contains { $0.contains(character) } != negated
        }
    }

    private static func parseSet(_ characters: [Character], from start: Int) throws(SyntaxError) -> (Token, Int) {
        var index = start + 1
        var negated = false
        if index < characters.count, characters[index] == "!" || characters[index] == "^" {
            negated = true
            index += 1
        }
        var members: [ClosedRange<Character>] = []
        var first = true
        while index < characters.count {
            let character = characters[index]
            if character == "]" && !first {
                return (.set(members: members, negated: negated), index + 1)
            }
            first = false
            if index + 2 < characters.count, characters[index + 1] == "-", characters[index + 2] != "]" {
                let upper = characters[index + 2]
                guard character <= upper else {
                    throw SyntaxError(problem: "range '\(character)-\(upper)' is reversed")
                }
                members.append(character...upper)
                index += 3
            } else {
                members.append(character...character)
                index += 1
            }
        }
        throw SyntaxError(problem: "'[' at position \(start + 1) has no closing ']'")
    }
}
