/// A shell wildcard pattern as `${V#p}`, `${V%p}` and `${V/p/r}` use it: `*` any run, `?` any one
/// character, `\` makes the next character literal; no bracket expressions (as in BuildKit).
///
/// Matching simulates the set of pattern positions reached, so trimming a prefix or suffix costs
/// (value length + 1) × (pattern length + 1) steps and a replacement at most that per start position;
/// every step is charged to the file's `ExpansionBudget`.
struct ShellPattern {
    private enum Element: Equatable {
        case literal(Unicode.Scalar)
        case any
        case star
    }

    private let elements: [Element]

    private init(elements: [Element]) {
        self.elements = elements
    }

    /// Compiles pattern text as written inside the substitution (escapes still present).
    init(_ text: [Unicode.Scalar]) {
        var elements: [Element] = []
        var pos = 0
        while pos < text.count {
            let ch = text[pos]
            pos += 1
            switch ch {
            case "*": elements.append(.star)
            case "?": elements.append(.any)
            case "\\":
                if pos < text.count {
                    elements.append(.literal(text[pos]))
                    pos += 1
                }
            default: elements.append(.literal(ch))
            }
        }
        self.elements = elements
    }

    /// For every `end` in `start...value.count`, whether the pattern matches `value[start..<end]`.
    private func matchingEnds(in value: [Unicode.Scalar], from start: Int,
                              budget: ExpansionBudget) throws(DockerfileSyntaxError) -> [Bool] {
        let count = elements.count
        try budget.spend((value.count - start + 1) * (count + 1))
        // states[i]: the first i elements have matched the text read so far.
        var states = [Bool](repeating: false, count: count + 1)
        states[0] = true
        closeOverStars(&states)
        var ends = [Bool]()
        ends.reserveCapacity(value.count - start + 1)
        ends.append(states[count])
        var next = states
        var position = start
        while position < value.count {
            let ch = value[position]
            for i in 0...count { next[i] = false }
            for i in 0..<count where states[i] {
                switch elements[i] {
                case .star: next[i] = true
                case .any: next[i + 1] = true
                case .literal(let literal): if literal == ch { next[i + 1] = true }
                }
            }
            closeOverStars(&next)
            swap(&states, &next)
            ends.append(states[count])
            position += 1
        }
        return ends
    }

    /// A star may match nothing: reaching it means reaching what follows it.
    private func closeOverStars(_ states: inout [Bool]) {
        for i in 0..<elements.count where states[i] && elements[i] == .star {
            states[i + 1] = true
        }
    }

    /// `value` without the shortest (or longest) prefix the pattern matches.
    func removingPrefix(of value: [Unicode.Scalar], longest: Bool,
                        budget: ExpansionBudget) throws(DockerfileSyntaxError) -> [Unicode.Scalar] {
        let ends = try matchingEnds(in: value, from: 0, budget: budget)
        let end = longest ? ends.lastIndex(of: true) : ends.firstIndex(of: true)
        guard let end else { return value }
        return Array(value[end...])
    }

    /// `value` without the shortest (or longest) suffix the pattern matches.
    func removingSuffix(of value: [Unicode.Scalar], longest: Bool,
                        budget: ExpansionBudget) throws(DockerfileSyntaxError) -> [Unicode.Scalar] {
        // A suffix of the value matches exactly when the reversed pattern matches that many
        // characters at the start of the reversed value.
        let reversed = ShellPattern(elements: elements.reversed())
        let lengths = try reversed.matchingEnds(in: value.reversed(), from: 0, budget: budget)
        let length = longest ? lengths.lastIndex(of: true) : lengths.firstIndex(of: true)
        guard let length else { return value }
        return Array(value[..<(value.count - length)])
    }

    /// `value` with the first (or every) leftmost-longest match replaced.
    func replacing(in value: [Unicode.Scalar], with replacement: [Unicode.Scalar], all: Bool,
                   budget: ExpansionBudget) throws(DockerfileSyntaxError) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var start = 0
        var replacedOnce = false
        var previousMatchEnd = -1
        while start <= value.count {
            if all || !replacedOnce {
                let ends = try matchingEnds(in: value, from: start, budget: budget)
                if let offset = ends.lastIndex(of: true), offset > 0 || start != previousMatchEnd {
                    try budget.spend(replacement.count)
                    out.append(contentsOf: replacement)
                    replacedOnce = true
                    if offset > 0 {
                        start += offset
                        previousMatchEnd = start
                        continue
                    }
                }
            }
            if start < value.count { out.append(value[start]) }
            start += 1
        }
        return out
    }
}
