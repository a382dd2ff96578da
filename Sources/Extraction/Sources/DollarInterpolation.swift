/// Splits text into literal parts and shell-style variable uses: `$VAR`, `${VAR}`, `${VAR:-default}`,
/// `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?message}`, `${VAR?message}`, with `$$` as an
/// escaped `$`. Compose, GitLab CI and Cloud Build all write variables this way; each source decides
/// what a variable is worth.
enum DollarInterpolation {
    /// What follows the variable name inside `${…}`.
    enum Modifier: Equatable {
        /// `:-word` (unset or empty) or `-word` (unset): use the word instead.
        case fallback(String, whenEmptyToo: Bool)
        /// `:+word` or `+word`: the word when set, nothing otherwise.
        case alternative(String, whenEmptyToo: Bool)
        /// `:?message` or `?message`: an error when unset.
        case required(String)
    }

    /// One piece of interpolated text.
    enum Token: Equatable {
        case text(String)
        case variable(name: String, modifier: Modifier?, written: String)
    }

    /// The pieces of `text`. Malformed `${` (no closing brace) stays text.
    ///
    /// Linear in the text: the braces are matched once for the whole text, so a text of many `${`
    /// without their `}` is not rescanned from every one of them. `budget` pays a step per character
    /// looked at.
    static func tokens(_ text: String, budget: ExtractionBudget? = nil) -> [Token] {
        var out: [Token] = []
        var literal = ""
        let scalars = Array(text.unicodeScalars)
        var closingBrace: [Int: Int]?
        var index = 0
        func flush() {
            if !literal.isEmpty { out.append(.text(literal)); literal = "" }
        }
        while index < scalars.count {
            guard budget?.spend() ?? true else { break }
            let scalar = scalars[index]
            guard scalar == "$", index + 1 < scalars.count else {
                literal.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if next == "$" {
                literal.append("$")
                index += 2
            } else if next == "{" {
                if closingBrace == nil { closingBrace = matchedBraces(scalars, budget: budget) }
                guard let close = closingBrace?[index + 1] else {
                    literal.unicodeScalars.append(scalar)
                    index += 1
                    continue
                }
                let body = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                let written = String(String.UnicodeScalarView(scalars[index...close]))
                flush()
                out.append(parseBraced(body, written: written))
                index = close + 1
            } else if isNameStart(next) {
                var end = index + 1
                while end < scalars.count, isNameCharacter(scalars[end]) { end += 1 }
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                flush()
                out.append(.variable(name: name, modifier: nil, written: "$" + name))
                index = end
            } else {
                literal.unicodeScalars.append(scalar)
                index += 1
            }
        }
        flush()
        return out
    }

    /// Whether `text` uses any variable.
    static func hasVariables(_ text: String) -> Bool {
        tokens(text).contains { if case .variable = $0 { true } else { false } }
    }

    private static func parseBraced(_ body: String, written: String) -> Token {
        let scalars = Array(body.unicodeScalars)
        var end = 0
        while end < scalars.count, isNameCharacter(scalars[end]) { end += 1 }
        let name = String(String.UnicodeScalarView(scalars[0..<end]))
        guard end < scalars.count else { return .variable(name: name, modifier: nil, written: written) }
        var rest = scalars[end...]
        var emptyToo = false
        if rest.first == ":" {
            emptyToo = true
            rest = rest.dropFirst()
        }
        guard let operation = rest.first else { return .variable(name: name, modifier: nil, written: written) }
        let word = String(String.UnicodeScalarView(rest.dropFirst()))
        switch operation {
        case "-": return .variable(name: name, modifier: .fallback(word, whenEmptyToo: emptyToo), written: written)
        case "+": return .variable(name: name, modifier: .alternative(word, whenEmptyToo: emptyToo), written: written)
        case "?": return .variable(name: name, modifier: .required(word), written: written)
        default: return .variable(name: name, modifier: nil, written: written)
        }
    }

    /// The offset of the `}` closing each `{` that is closed, counting nested braces, found in one pass.
    private static func matchedBraces(_ scalars: [Unicode.Scalar], budget: ExtractionBudget?) -> [Int: Int] {
        var closing: [Int: Int] = [:]
        var open: [Int] = []
        for (index, scalar) in scalars.enumerated() {
            guard budget?.spend() ?? true else { break }
            if scalar == "{" { open.append(index) }
            if scalar == "}", let opening = open.popLast() { closing[opening] = index }
        }
        return closing
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }
}
