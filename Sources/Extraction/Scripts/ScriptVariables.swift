/// The variables a script has assigned so far, and how a word reads with them. Only assignments
/// written in the same file count; a variable the file does not assign is set by the environment and
/// stays unresolved. Nothing is guessed.
struct ScriptVariables {
    /// A word after resolution.
    enum Resolution: Equatable {
        case value(String)
        case unresolved(String)
    }

    /// What a name holds.
    enum Value {
        /// Known text (shell and PowerShell assignments, resolved when assigned).
        case known(String)
        /// Make variables: expanded when used, from the pieces written in the assignment.
        case deferred([ScriptSegment])
        /// Assigned, but to something only a run computes.
        case unknown(String)
    }

    /// Nested make variables deeper than this are not followed (a variable referring to itself is refused).
    static let maxDepth = 16

    let dialect: ScriptDialect
    private(set) var values: [String: Value] = [:]
    /// How many shell `if`/`case` blocks the current command is inside.
    private var conditionalDepth = 0

    init(dialect: ScriptDialect) {
        self.dialect = dialect
    }

    /// Sets `name` (as a shell, PowerShell or make name, by the dialect) to known text.
    mutating func define(_ name: String, value: String) {
        values[key(name)] = .known(value)
    }

    /// Sets the make variable `name` to the pieces of its value, expanded at use.
    mutating func defineMake(_ name: String, segments: [ScriptSegment]) {
        values["make:" + name] = .deferred(segments)
    }

    /// Marks `name` as assigned to something only a run computes.
    mutating func markUnknown(_ key: String, reason: String) {
        values[key] = .unknown(reason)
    }

    /// Whether the make variable `name` is assigned.
    func hasMake(_ name: String) -> Bool { values["make:" + name] != nil }

    private func key(_ name: String) -> String {
        switch dialect {
        case .shell: name
        case .powerShell: ScriptLexer.powerShellKey(name)
        case .makefileRecipe: "make:" + name
        }
    }

    /// Records the assignments `command` makes and returns whether it is only assignments.
    /// Shell: `NAME=value…`, also after `export`/`readonly`/`local`/`declare`/`typeset`. PowerShell:
    /// `$Name = value`, `$env:NAME = value`.
    mutating func assign(_ command: ScriptCommand) -> Bool {
        let words = command.words
        switch dialect {
        case .powerShell:
            // `$Image = 'x'`, and in a `param(…)` block `[string]$Image = 'x',` (the default when the caller passes none).
            var target = words.first?.segments ?? []
            var isParameter = false
            if target.count == 2, case .text(let type) = target[0], type.hasPrefix("["), type.hasSuffix("]") {
                target.removeFirst()
                isParameter = true
            }
            guard words.count >= 3, words[1].literal == "=", target.count == 1,
                  case .variable(let key, _, let written)? = target.first else { return false }
            var value = words[2]
            if isParameter, words.count == 3, case .text(let last)? = value.segments.last, last.hasSuffix(",") {
                value.segments[value.segments.count - 1] = .text(String(last.dropLast()))
            }
            if words.count == 3 {
                switch resolve(value) {
                case .value(let text): values[key] = .known(text)
                case .unresolved(let reason): values[key] = .unknown("\(written) is assigned a value census cannot know: \(reason)")
                }
            } else {
                values[key] = .unknown("\(written) is assigned an expression evaluated when the script runs")
            }
            return true
        case .shell, .makefileRecipe:
            var position = 0
            if let first = words.first?.literal {
                if first == "if" || first == "case" { conditionalDepth += 1 }
                if first == "fi" || first == "esac" { conditionalDepth = max(0, conditionalDepth - 1) }
            }
            while position < words.count, let word = words[position].literal, ["then", "else", "do", "{"].contains(word) {
                position += 1
            }
            guard position < words.count else { return false }
            if let first = words[position].literal, ["export", "readonly", "local", "declare", "typeset"].contains(first) {
                position += 1
                while position < words.count, words[position].literal?.hasPrefix("-") == true { position += 1 }
                guard position < words.count else { return true }
            }
            guard words[position...].allSatisfy(DockerCommandLine.isAssignmentWord) else { return false }
            guard dialect == .shell else { return true }
            for word in words[position...] {
                let text = word.leadingText
                guard let equals = text.firstIndex(of: "=") else { continue }
                let name = String(text[..<equals])
                let value = word.dropping(prefix: text.distance(from: text.startIndex, to: equals) + 1)
                let previous = values[name]
                switch resolve(value) {
                case .value(let resolved): values[name] = .known(resolved)
                case .unresolved(let reason): values[name] = .unknown("$\(name) is assigned a value census cannot know: \(reason)")
                }
                // Inside `if`/`case`, a different earlier value may be the one that runs: do not pick a branch.
                if conditionalDepth > 0, let previous, !Self.same(previous, values[name]) {
                    values[name] = .unknown("$\(name) is assigned differently in the branches of an if or case; which applies is decided when the script runs")
                }
            }
            return true
        }
    }

    private static func same(_ left: Value, _ right: Value?) -> Bool {
        if case .known(let a) = left, case .known(let b)? = right { return a == b }
        return false
    }

    /// Only the variables `keys` name: what a child shell given a command string sees of this script's
    /// variables, those the parent expanded into the string (census does not track which names are exported).
    func keeping(_ keys: Set<String>) -> ScriptVariables {
        var out = ScriptVariables(dialect: dialect)
        out.values = values.filter { keys.contains($0.key) }
        return out
    }

    /// The text of `word` with its variables replaced, or why it cannot be known.
    func resolve(_ word: ScriptWord) -> Resolution {
        resolve(word.segments, depth: 0)
    }

    private func resolve(_ segments: [ScriptSegment], depth: Int) -> Resolution {
        var out = ""
        for segment in segments {
            switch segment {
            case .text(let text):
                out += text
            case .opaque(let reason, let written):
                return .unresolved("\(written): \(reason)")
            case .variable(let key, let modifier, let written):
                switch lookup(key, modifier: modifier, written: written, depth: depth) {
                case .value(let text): out += text
                case .unresolved(let reason): return .unresolved(reason)
                }
            }
        }
        return .value(out)
    }

    private func lookup(_ key: String, modifier: DollarInterpolation.Modifier?, written: String, depth: Int) -> Resolution {
        let current: Resolution?
        switch values[key] {
        case .known(let text)?: current = .value(text)
        case .unknown(let reason)?: current = .unresolved(reason)
        case .deferred(let segments)?:
            current = depth >= Self.maxDepth
                ? .unresolved("\(written) refers to itself or nests too deeply")
                : resolve(segments, depth: depth + 1)
        case nil: current = nil
        }
        switch modifier {
        case .fallback(let word, let whenEmptyToo)?:
            if case .value(let text)? = current, !(whenEmptyToo && text.isEmpty) { return .value(text) }
            if case .unresolved? = current { return current ?? .unresolved("") }
            guard !word.contains("$"), !word.contains("`") else {
                return .unresolved("\(written): the default of an unassigned variable uses another expansion")
            }
            return .value(word)
        case .alternative?:
            return .unresolved("\(written) depends on whether the variable is set when the script runs")
        case .required?, nil:
            if let current { return current }
            if key.hasPrefix("make:") {
                return .unresolved("\(written) is not assigned in this Makefile; it is set on make's command line, "
                    + "by the environment or by a Makefile that includes this one")
            }
            if key.hasPrefix("ps:"), !key.hasPrefix("ps:env:") {
                return .unresolved("\(written) is not assigned earlier in this file; it is a script parameter or set by the caller")
            }
            return .unresolved("\(written) is not assigned earlier in this file; it is set by the environment")
        }
    }
}
