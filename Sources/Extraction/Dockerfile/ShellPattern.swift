/// A shell wildcard pattern as `${V#p}`, `${V%p}` and `${V/p/r}` use it: `*` any run, `?` any one
/// character, `\` makes the next character literal; no bracket expressions (as in BuildKit).
struct ShellPattern {
    private enum Element: Equatable {
        case literal(Unicode.Scalar)
        case any
        case star
    }

    private let elements: [Element]

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

    /// Whether the pattern matches all of `text`.
    func matches(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var p = 0
        var t = text.startIndex
        var starAt: Int?
        var starText = text.startIndex
        while t < text.endIndex {
            if p < elements.count, elements[p] == .any || elements[p] == .literal(text[t]) {
                p += 1
                t += 1
            } else if p < elements.count, elements[p] == .star {
                starAt = p
                starText = t
                p += 1
            } else if let star = starAt {
                p = star + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < elements.count, elements[p] == .star { p += 1 }
        return p == elements.count
    }

    /// `value` without the shortest (or longest) prefix the pattern matches.
    func removingPrefix(of value: [Unicode.Scalar], longest: Bool) -> [Unicode.Scalar] {
        let lengths = longest ? Array((0...value.count).reversed()) : Array(0...value.count)
        for length in lengths where matches(value[0..<length]) {
            return Array(value[length...])
        }
        return value
    }

    /// `value` without the shortest (or longest) suffix the pattern matches.
    func removingSuffix(of value: [Unicode.Scalar], longest: Bool) -> [Unicode.Scalar] {
        let starts = longest ? Array(0...value.count) : Array((0...value.count).reversed())
        for start in starts where matches(value[start...]) {
            return Array(value[..<start])
        }
        return value
    }

    /// `value` with the first (or every) leftmost-longest match replaced.
    func replacing(in value: [Unicode.Scalar], with replacement: [Unicode.Scalar], all: Bool) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var start = 0
        var replacedOnce = false
        var previousMatchEnd = -1
        while start <= value.count {
            if all || !replacedOnce, let end = longestMatch(in: value, from: start),
               end > start || start != previousMatchEnd {
                out.append(contentsOf: replacement)
                replacedOnce = true
                if end > start {
                    start = end
                    previousMatchEnd = end
                    continue
                }
            }
            if start < value.count { out.append(value[start]) }
            start += 1
        }
        return out
    }

    private func longestMatch(in value: [Unicode.Scalar], from start: Int) -> Int? {
        var end = value.count
        while end >= start {
            if matches(value[start..<end]) { return end }
            end -= 1
        }
        return nil
    }
}
