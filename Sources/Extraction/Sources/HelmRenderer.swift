import Foundation

/// Renders Helm template text the way `helm template` does with the chart's default values, for the
/// few actions an image line needs: the named templates of the chart (`include`/`template` with any
/// context, `dict`/`list` arguments), `.`/`$` rebinding, `$x :=`/`=` variables, `if`/`else if`/`else`
/// and `with` blocks, and the functions charts use to assemble an image (`default`, `coalesce`,
/// `ternary`, `and`/`or`/`not`, `eq`/`ne`, `empty`, `contains`, `hasPrefix`/`hasSuffix`, `split`,
/// `splitList`, `index`, `first`/`last`, `replace`, `lower`/`upper`, `trim*`, `toString`, `quote`,
/// `squote`, `printf` with `%s`/`%v`, `print`, `cat`, `required`, `fail`, `tpl`, `kindIs`, `hasKey`,
/// `get`).
///
/// Everything else fails with a reason rather than guessing: `range`, functions it does not know,
/// numbers Helm would print as floats, and what only an install knows (`.Release`, `.Capabilities`,
/// `.Files`), which render as `HelmValue.unknowable`. Every render is bounded: `maxSteps` evaluation
/// steps, `maxIncludeDepth` nested includes and `maxRenderedLength` characters of output.
final class HelmRenderer {
    /// Evaluation steps one render may take (a real image helper takes a few hundred).
    static let maxSteps = 100_000
    /// How deeply named templates may include each other.
    static let maxIncludeDepth = 32
    /// The longest text a render may produce (no image is near it).
    static let maxRenderedLength = 65_536

    /// The body of a named template visible to the chart, or why there is none.
    private let define: (String) -> Result<String, ResolutionFailure>
    private var parsed: [String: [Node]] = [:]
    private var steps = 0

    init(define: @escaping (String) -> Result<String, ResolutionFailure>) {
        self.define = define
    }

    /// The top-level context of a chart: its values and `Chart.yaml` fields; the release and the
    /// cluster are unknowable.
    static func rootContext(values: HelmValue, chart: [String: String]) -> HelmValue {
        var fields: [String: HelmValue] = [:]
        for (key, value) in chart { fields[key] = .string(value) }
        return .map([
            "Values": values,
            "Chart": .map(fields),
            "Release": .unknowable("the release (its name, namespace, revision) is chosen when Helm installs the chart"),
            "Capabilities": .unknowable("the cluster's capabilities are known only when Helm installs the chart"),
            "Files": .unknowable("the chart's files are read by Helm when it renders the chart"),
            "Template": .unknowable("the template's name is known only when Helm renders it"),
        ])
    }

    /// The value of one action (`include "x" (dict …) | quote`) with `context` as `.` and `$`.
    func evaluate(action: String, context: HelmValue) throws(ResolutionFailure) -> HelmValue {
        let scope = Scope(dot: context, root: context)
        return try evaluate(Substring(action), scope: scope, depth: 0)
    }

    /// The text of a template's value (`{{ $registry }}/app{{ if .Values.d }}@{{ .Values.d }}{{ end }}`) after
    /// the `with` headers and declarations around it (`HelmTemplateFile.Context`), with `context` as `$`.
    func render(prelude: [String], template: String, context: HelmValue) throws(ResolutionFailure) -> String {
        var scope = Scope(dot: context, root: context)
        var offGuard: String?
        for entry in prelude {
            let keyword = HelmHelpersExtractor.firstWord(entry)
            if keyword == "guard" {
                let header = Substring(entry.dropFirst(keyword.count)).drop(while: \.isWhitespace)
                // A guard only says whether the part is on; one census cannot decide does not stop the line.
                do {
                    if HelmHelpersExtractor.assignment(String(header)) == nil, !(try evaluate(header, scope: scope, depth: 0).truth) {
                        offGuard = offGuard ?? "the line is under {{ if \(HelmHelpersExtractor.sanitized(header)) }}, which the chart's default values leave off,"
                    }
                } catch {
                    offGuard = offGuard ?? "the line is under {{ if \(HelmHelpersExtractor.sanitized(header)) }}, which census cannot decide (\(error.reason)),"
                }
            } else if keyword == "with" || keyword == "if" || keyword == "unless" {
                // The line is rendered only in the branch the chart's values take.
                var header = Substring(entry.dropFirst(keyword.count)).drop(while: \.isWhitespace)
                var declared: String?
                if let assignment = HelmHelpersExtractor.assignment(String(header)), assignment.declares {
                    declared = assignment.name
                    header = assignment.expression
                }
                let value = try evaluate(header, scope: scope, depth: 0)
                guard try value.truth == (keyword != "unless") else {
                    throw ResolutionFailure(reason: "the line is not rendered with the chart's default values: "
                        + "it is under {{ \(keyword == "unless" ? "if" : keyword) \(HelmHelpersExtractor.sanitized(header)) }}"
                        + (keyword == "unless" ? ", which is taken" : ", which is not"))
                }
                if let declared { scope.frames[scope.frames.count - 1][declared] = value }
                if keyword == "with" { scope.dot = value }
            } else if let assignment = HelmHelpersExtractor.assignment(entry) {
                // A variable census cannot compute fails only the lines that use it.
                let value: HelmValue
                do {
                    value = try evaluate(assignment.expression, scope: scope, depth: 0)
                } catch {
                    value = .unknowable("$\(assignment.name): \(error.reason)")
                }
                if assignment.declares || !scope.assign(assignment.name, value) { scope.frames[scope.frames.count - 1][assignment.name] = value }
            }
        }
        let text = try render(try parse(template), scope: &scope, depth: 0)
        // Under a guard that is off, the default values may not hold what the line needs: keep only an image.
        if let offGuard, Self.image(in: text) == nil {
            throw ResolutionFailure(reason: offGuard + " and renders no image without it")
        }
        return text
    }

    /// The image a rendered value is, as YAML reads it (trimmed, its quotes dropped), or `nil` when it is
    /// not one image by the grammar (empty, several words, a missing value's `/:` or `x@sha256:`).
    static func image(in rendered: String) -> String? {
        var text = rendered.trimmingWhitespaceAndNewlines()
        // `image: {{ … | quote }}`: YAML reads the rendered quotes as the scalar's own.
        for quote in ["\"", "'"] where text.count >= 2 && text.hasPrefix(quote) && text.hasSuffix(quote) {
            text = String(text.dropFirst().dropLast())
        }
        guard !text.isEmpty, !text.contains(where: \.isWhitespace), ImageReference.parse(text).isValid else { return nil }
        return text
    }

    // MARK: - Templates

    private indirect enum Node {
        case text(String)
        case action(String)
        /// An `if`/`with` chain: each branch's keyword (`if`, `with`, or `else`), header and body.
        case block([(keyword: String, header: Substring, body: [Node])])
        case unsupported(String)
    }

    private struct Scope {
        var dot: HelmValue
        var root: HelmValue
        /// Variables, innermost block last.
        var frames: [[String: HelmValue]] = [[:]]

        func variable(_ name: String) -> HelmValue? {
            for frame in frames.reversed() { if let value = frame[name] { return value } }
            return nil
        }

        mutating func assign(_ name: String, _ value: HelmValue) -> Bool {
            for index in frames.indices.reversed() where frames[index][name] != nil {
                frames[index][name] = value
                return true
            }
            return false
        }
    }

    private func spend() throws(ResolutionFailure) {
        steps += 1
        guard steps <= Self.maxSteps else {
            throw ResolutionFailure(reason: "rendering takes more than \(Self.maxSteps) steps, more than any image needs")
        }
    }

    /// The nodes of template text, whitespace already trimmed by `{{-`/`-}}`.
    private func parse(_ text: String) throws(ResolutionFailure) -> [Node] {
        let budget = ExtractionBudget(steps: Self.maxRenderedLength * 8)
        let tokens = HelmHelpersExtractor.tokenize(text, budget: budget)
        guard !budget.isExhausted else { throw ResolutionFailure(reason: "a named template too long to read") }
        var trimmed: [HelmHelpersExtractor.Token] = []
        for (index, token) in tokens.enumerated() {
            guard case .text(var content) = token else { trimmed.append(token); continue }
            if index > 0, case .action(_, _, true, _) = tokens[index - 1] { content = String(content.drop(while: \.isWhitespace)) }
            if index + 1 < tokens.count, case .action(_, true, _, _) = tokens[index + 1] {
                while content.last?.isWhitespace == true { content.removeLast() }
            }
            trimmed.append(.text(content))
        }
        var position = 0
        let (nodes, stop) = try parseList(trimmed, &position, depth: 0)
        if let stop { throw ResolutionFailure(reason: "a stray {{ \(HelmHelpersExtractor.sanitized(Substring(stop))) }}") }
        return nodes
    }

    /// Nodes up to an `end`/`else` at this level (returned as the stop) or the end of the tokens.
    private func parseList(_ tokens: [HelmHelpersExtractor.Token], _ position: inout Int,
                           depth: Int) throws(ResolutionFailure) -> ([Node], String?) {
        guard depth < HelmHelpersExtractor.maxNesting else { throw ResolutionFailure(reason: "blocks nest too deeply") }
        var nodes: [Node] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            switch token {
            case .text(let text): if !text.isEmpty { nodes.append(.text(text)) }
            case .action(let action, _, _, _):
                if action == "/**/" { continue }
                let keyword = HelmHelpersExtractor.firstWord(action)
                switch keyword {
                case "end", "else": return (nodes, action)
                case "if", "with":
                    var branches: [(keyword: String, header: Substring, body: [Node])] = []
                    var header = Substring(action).dropFirst(keyword.count)
                    var current = keyword
                    while true {
                        let (body, stop) = try parseList(tokens, &position, depth: depth + 1)
                        branches.append((current, header, body))
                        guard let stop else { throw ResolutionFailure(reason: "a block has no {{ end }}") }
                        if HelmHelpersExtractor.firstWord(stop) == "end" { break }
                        var rest = Substring(stop).dropFirst(4).drop(while: \.isWhitespace)
                        let next = HelmHelpersExtractor.firstWord(String(rest))
                        if next == "if" || next == "with" {
                            rest = rest.dropFirst(next.count)
                            current = next
                        } else {
                            current = "else"
                        }
                        header = rest
                    }
                    nodes.append(.block(branches))
                case "range", "block", "define", "break", "continue":
                    if keyword != "break" && keyword != "continue" {
                        // Skip the whole block so the reason names it once.
                        _ = try parseList(tokens, &position, depth: depth + 1)
                    }
                    nodes.append(.unsupported("{{ \(keyword) }} blocks are not rendered by census"))
                default:
                    nodes.append(.action(action))
                }
            }
        }
        return (nodes, nil)
    }

    private func render(_ nodes: [Node], scope: inout Scope, depth: Int) throws(ResolutionFailure) -> String {
        var output = ""
        for node in nodes {
            try spend()
            switch node {
            case .text(let text): output += text
            case .unsupported(let reason): throw ResolutionFailure(reason: reason)
            case .action(let action):
                if let assignment = HelmHelpersExtractor.assignment(action) {
                    let value = try evaluate(assignment.expression, scope: scope, depth: depth)
                    if assignment.declares {
                        scope.frames[scope.frames.count - 1][assignment.name] = value
                    } else if !scope.assign(assignment.name, value) {
                        throw ResolutionFailure(reason: "$\(assignment.name) is assigned before it is declared")
                    }
                } else {
                    let value = try evaluate(Substring(action), scope: scope, depth: depth)
                    // `template`/`include` output is text; a value prints as Go's `%v` does.
                    output += try value.text
                }
            case .block(let branches):
                output += try renderBlock(branches, scope: &scope, depth: depth)
            }
            guard output.utf8.count <= Self.maxRenderedLength else {
                throw ResolutionFailure(reason: "renders more than \(Self.maxRenderedLength) characters, which no image is")
            }
        }
        return output
    }

    private func renderBlock(_ branches: [(keyword: String, header: Substring, body: [Node])], scope: inout Scope,
                             depth: Int) throws(ResolutionFailure) -> String {
        for branch in branches {
            var inner = scope
            inner.frames.append([:])
            if branch.keyword != "else" {
                var header = branch.header
                // `if $x := .Values.a`: the variable is visible in the block.
                var declared: String?
                if let assignment = HelmHelpersExtractor.assignment(header.trimmingWhitespace()), assignment.declares {
                    declared = assignment.name
                    header = assignment.expression
                }
                let value = try evaluate(header, scope: scope, depth: depth)
                guard try value.truth else { continue }
                if let declared { inner.frames[inner.frames.count - 1][declared] = value }
                if branch.keyword == "with" { inner.dot = value }
            }
            let output = try render(branch.body, scope: &inner, depth: depth)
            // Assignments (`=`) to outer variables survive the block; its own declarations do not.
            inner.frames.removeLast()
            scope.frames = inner.frames
            return output
        }
        return ""
    }

    /// The text of the named template `name` rendered with `context` as `.` and `$`.
    private func include(_ name: String, context: HelmValue, depth: Int) throws(ResolutionFailure) -> String {
        guard depth < Self.maxIncludeDepth else {
            throw ResolutionFailure(reason: "named templates include each other more than \(Self.maxIncludeDepth) levels deep")
        }
        let nodes: [Node]
        if let cached = parsed[name] {
            nodes = cached
        } else {
            let body: String
            switch define(name) {
            case .success(let text): body = text
            case .failure(let failure): throw failure
            }
            nodes = try parse(body)
            parsed[name] = nodes
        }
        var scope = Scope(dot: context, root: context)
        return try render(nodes, scope: &scope, depth: depth + 1)
    }

    // MARK: - Expressions

    /// A pipeline: each stage's command gets the previous stage's value as its last argument.
    private func evaluate(_ expression: Substring, scope: Scope, depth: Int) throws(ResolutionFailure) -> HelmValue {
        guard depth < Self.maxIncludeDepth + HelmHelpersExtractor.maxNesting else {
            throw ResolutionFailure(reason: "expressions nest too deeply")
        }
        try spend()
        var current: HelmValue?
        for stage in HelmHelpersExtractor.split(expression, on: "|") {
            let words = HelmHelpersExtractor.words(stage)
            guard !words.isEmpty else { throw ResolutionFailure(reason: "an empty command in a pipeline") }
            let value = try command(words, piped: current, scope: scope, depth: depth)
            // Text that doubles at every assignment (`$r = printf "%s%s" $r $r`) stops long before it costs memory.
            if case .string(let text) = value, text.utf8.count > Self.maxRenderedLength {
                throw ResolutionFailure(reason: "renders more than \(Self.maxRenderedLength) characters, which no image is")
            }
            current = value
        }
        guard let current else { throw ResolutionFailure(reason: "an empty action") }
        return current
    }

    private func command(_ words: [String], piped: HelmValue?, scope: Scope, depth: Int) throws(ResolutionFailure) -> HelmValue {
        let name = words[0]
        if isOperand(name) {
            guard words.count == 1, piped == nil else {
                throw ResolutionFailure(reason: "`\(HelmHelpersExtractor.sanitized(Substring(words.joined(separator: " "))))` calls a method, which only Helm renders")
            }
            return try operand(name, scope: scope, depth: depth)
        }
        let written = Array(words.dropFirst())
        let count = written.count + (piped == nil ? 0 : 1)
        func argument(_ index: Int) throws(ResolutionFailure) -> HelmValue {
            if index == written.count, let piped { return piped }
            return try operand(written[index], scope: scope, depth: depth)
        }
        func arguments() throws(ResolutionFailure) -> [HelmValue] {
            var out: [HelmValue] = []
            for index in 0..<count { out.append(try argument(index)) }
            return out
        }
        // Sprig's text functions take Go strings: Helm stops on a missing value there rather than read "".
        func string(_ index: Int) throws(ResolutionFailure) -> String {
            let value = try argument(index)
            guard value != .null else {
                throw ResolutionFailure(reason: "\(name) is given a missing value where Helm expects text, and stops")
            }
            return try value.text
        }
        func expect(_ wanted: Int) throws(ResolutionFailure) {
            guard count == wanted else { throw ResolutionFailure(reason: "\(name) takes \(wanted) arguments here, not \(count)") }
        }
        switch name {
        case "include", "template":
            try expect(2)
            guard let template = Self.literal(written[0]) else {
                throw ResolutionFailure(reason: "\(name) of a computed template name is rendered only by Helm")
            }
            return .string(try include(template, context: try argument(1), depth: depth))
        case "tpl":
            try expect(2)
            let text = try string(0), context = try argument(1)
            guard text.utf8.count <= Self.maxRenderedLength else { throw ResolutionFailure(reason: "tpl of a text too long to render") }
            var inner = Scope(dot: context, root: context)
            return .string(try render(try parse(text), scope: &inner, depth: depth + 1))
        case "default":
            try expect(2)
            let value = try argument(1)
            return try value.truth ? value : try argument(0)
        case "empty":
            try expect(1)
            return .bool(!(try argument(0).truth))
        case "not":
            try expect(1)
            return .bool(!(try argument(0).truth))
        case "and", "or":
            guard count >= 1 else { throw ResolutionFailure(reason: "\(name) needs arguments") }
            var last = HelmValue.null
            for index in 0..<count {
                last = try argument(index)
                // Go stops at the first false argument (`and`) or true one (`or`) and gives it.
                if try last.truth != (name == "and") { return last }
            }
            return last
        case "coalesce":
            for index in 0..<count {
                let value = try argument(index)
                if try value.truth { return value }
            }
            return .null
        case "ternary":
            try expect(3)
            guard case .bool(let condition) = try argument(2) else {
                throw ResolutionFailure(reason: "ternary's condition is not a boolean, which Helm refuses")
            }
            return try argument(condition ? 0 : 1)
        case "eq", "ne":
            guard count >= 2 else { throw ResolutionFailure(reason: "\(name) needs two arguments") }
            let first = try argument(0)
            var equal = false
            for index in 1..<count where try Self.equal(first, try argument(index)) { equal = true }
            return .bool(name == "eq" ? equal : !equal)
        case "contains":
            try expect(2)
            let needle = try string(0), haystack = try string(1)
            return .bool(needle.isEmpty || haystack.contains(needle))
        case "hasPrefix":
            try expect(2)
            return .bool((try string(1)).hasPrefix(try string(0)))
        case "hasSuffix":
            try expect(2)
            return .bool((try string(1)).hasSuffix(try string(0)))
        case "split", "splitList":
            try expect(2)
            let separator = try string(0)
            guard !separator.isEmpty else { throw ResolutionFailure(reason: "\(name) on an empty separator is rendered only by Helm") }
            let parts = (try string(1)).components(separatedBy: separator).map(HelmValue.string)
            if name == "splitList" { return .list(parts) }
            var entries: [String: HelmValue] = [:]
            for (index, part) in parts.enumerated() { entries["_\(index)"] = part }
            return .map(entries)
        case "index":
            guard count >= 1 else { throw ResolutionFailure(reason: "index needs arguments") }
            var value = try argument(0)
            for index in 1..<count { value = try Self.index(value, try argument(index)) }
            return value
        case "first", "last":
            try expect(1)
            switch try argument(0) {
            case .list(let items): return (name == "first" ? items.first : items.last) ?? .null
            case .null: return .null
            default: throw ResolutionFailure(reason: "\(name) of something that is not a list")
            }
        case "replace":
            try expect(3)
            let old = try string(0), new = try string(1), text = try string(2)
            guard !old.isEmpty else { throw ResolutionFailure(reason: "replace of an empty text is rendered only by Helm") }
            // Bounded before it is built: every occurrence may grow the text by the replacement.
            guard text.utf8.count + (text.utf8.count / old.utf8.count) * new.utf8.count <= Self.maxRenderedLength * 4 else {
                throw ResolutionFailure(reason: "renders more than \(Self.maxRenderedLength) characters, which no image is")
            }
            return .string(text.replacingOccurrences(of: old, with: new))
        case "lower": try expect(1); return .string((try string(0)).lowercased())
        case "upper": try expect(1); return .string((try string(0)).uppercased())
        case "trim": try expect(1); return .string((try string(0)).trimmingWhitespaceAndNewlines())
        case "trimSuffix":
            try expect(2)
            return .string(HelmHelpersExtractor.trimmed(try string(1), try string(0), suffix: true))
        case "trimPrefix":
            try expect(2)
            return .string(HelmHelpersExtractor.trimmed(try string(1), try string(0), suffix: false))
        case "toString":
            try expect(1)
            // Go prints a missing value as `<nil>` (never an image).
            let value = try argument(0)
            return .string(value == .null ? "<nil>" : try value.text)
        case "quote", "squote":
            var parts: [String] = []
            for value in try arguments() where value != .null {
                let text = try value.text
                guard !text.contains("\""), !text.contains("\\"), !text.contains("'"), text.allSatisfy({ !$0.isNewline }) else {
                    throw ResolutionFailure(reason: "\(name) of text with quotes or escapes is rendered only by Helm")
                }
                parts.append(name == "quote" ? "\"\(text)\"" : "'\(text)'")
            }
            return .string(parts.joined(separator: " "))
        case "printf":
            guard count >= 1 else { throw ResolutionFailure(reason: "printf needs a format") }
            return .string(try Self.printf(try string(0), Array(try arguments().dropFirst())))
        case "print", "cat":
            var parts: [String] = []
            for value in try arguments() {
                if name == "cat", value == .null { continue }
                guard case .string(let text) = value else {
                    throw ResolutionFailure(reason: "\(name) of something other than text is rendered only by Helm")
                }
                parts.append(text)
            }
            return .string(parts.joined(separator: name == "cat" ? " " : ""))
        case "required":
            try expect(2)
            let value = try argument(1)
            if value == .null || value == .string("") {
                throw ResolutionFailure(reason: "the chart stops with required: \(HelmHelpersExtractor.sanitized(Substring((try? string(0)) ?? "a value")))")
            }
            return value
        case "fail":
            try expect(1)
            throw ResolutionFailure(reason: "the chart stops with fail: \(HelmHelpersExtractor.sanitized(Substring((try? string(0)) ?? "a computed message")))")
        case "dict":
            guard count % 2 == 0 else { throw ResolutionFailure(reason: "dict needs pairs of keys and values") }
            var entries: [String: HelmValue] = [:]
            for index in stride(from: 0, to: count, by: 2) { entries[try string(index)] = try argument(index + 1) }
            return .map(entries)
        case "list":
            return .list(try arguments())
        case "hasKey":
            try expect(2)
            guard case .map(let entries) = try argument(0) else { throw ResolutionFailure(reason: "hasKey of something that is not a dict") }
            return .bool(entries[try string(1)] != nil)
        case "get":
            try expect(2)
            guard case .map(let entries) = try argument(0) else { throw ResolutionFailure(reason: "get of something that is not a dict") }
            return entries[try string(1)] ?? .string("")
        case "kindIs":
            try expect(2)
            let kind = try string(0)
            let actual: String
            switch try argument(1) {
            case .null: actual = "invalid"
            case .bool: actual = "bool"
            case .number: actual = "float64"
            case .string: actual = "string"
            case .list: actual = "slice"
            case .map: actual = "map"
            case .ambiguous(let text): throw ResolutionFailure(reason: "the value `\(text)` is yes/no/on/off, which YAML parsers read differently")
            case .unknowable(let reason): throw ResolutionFailure(reason: reason)
            }
            return .bool(kind == actual)
        default:
            throw ResolutionFailure(reason: "the function \(HelmHelpersExtractor.sanitized(Substring(name))) is rendered only by Helm")
        }
    }

    private func isOperand(_ word: String) -> Bool {
        guard let first = word.first else { return false }
        return first == "." || first == "$" || first == "\"" || first == "(" || first == "`" || first.isNumber || first == "-"
            || word == "true" || word == "false" || word == "nil"
    }

    private func operand(_ word: String, scope: Scope, depth: Int) throws(ResolutionFailure) -> HelmValue {
        if let literal = Self.literal(word) { return .string(literal) }
        if word == "true" || word == "false" { return .bool(word == "true") }
        if word == "nil" { return .null }
        if let first = word.first, first.isNumber || first == "-", Double(word) != nil { return .number(word) }
        if word.hasPrefix("(") {
            guard let close = Self.closingParenthesis(word) else {
                throw ResolutionFailure(reason: "unbalanced parentheses in \(HelmHelpersExtractor.sanitized(Substring(word)))")
            }
            let group = try evaluate(word[word.index(after: word.startIndex)..<close], scope: scope, depth: depth + 1)
            let rest = word[word.index(after: close)...]
            return rest.isEmpty ? group : try fields(of: group, rest, word: word)
        }
        if word == "." { return scope.dot }
        if word.hasPrefix(".") { return try fields(of: scope.dot, Substring(word), word: word) }
        if word.hasPrefix("$") {
            let name = word.dropFirst().prefix { $0 != "." }
            let base: HelmValue
            if name.isEmpty {
                base = scope.root
            } else if let value = scope.variable(String(name)) {
                base = value
            } else {
                throw ResolutionFailure(reason: "$\(HelmHelpersExtractor.sanitized(name)) is not declared")
            }
            let rest = word.dropFirst(1 + name.count)
            return rest.isEmpty ? base : try fields(of: base, rest, word: word)
        }
        throw ResolutionFailure(reason: "\(HelmHelpersExtractor.sanitized(Substring(word))) is rendered only by Helm")
    }

    /// `.a.b` of `base`.
    private func fields(of base: HelmValue, _ path: Substring, word: String) throws(ResolutionFailure) -> HelmValue {
        guard path.hasPrefix(".") else { throw ResolutionFailure(reason: "\(HelmHelpersExtractor.sanitized(Substring(word))) is rendered only by Helm") }
        var value = base
        for segment in path.dropFirst().split(separator: ".", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "_" }) else {
                throw ResolutionFailure(reason: "\(HelmHelpersExtractor.sanitized(Substring(word))) is rendered only by Helm")
            }
            value = try value.field(String(segment))
        }
        return value
    }

    /// The index of the `)` closing the `(` that starts `word`.
    private static func closingParenthesis(_ word: String) -> String.Index? {
        var depth = 0
        var inQuote = false
        for index in word.indices {
            let character = word[index]
            if inQuote { if character == "\"" { inQuote = false }; continue }
            if character == "\"" { inQuote = true }
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// The text of a Go string literal (`"…"` with simple escapes, or a raw `` `…` ``), or `nil`.
    static func literal(_ word: String) -> String? {
        guard word.count >= 2 else { return nil }
        if word.hasPrefix("`"), word.hasSuffix("`") {
            let inner = word.dropFirst().dropLast()
            return inner.contains("`") ? nil : String(inner)
        }
        guard word.hasPrefix("\""), word.hasSuffix("\"") else { return nil }
        var out = ""
        var escaped = false
        for character in word.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "\"", "\\": out.append(character)
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: return nil
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                return nil
            } else {
                out.append(character)
            }
        }
        return escaped ? nil : out
    }

    private static func equal(_ left: HelmValue, _ right: HelmValue) throws(ResolutionFailure) -> Bool {
        switch (left, right) {
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        case (.unknowable(let reason), _), (_, .unknowable(let reason)): throw ResolutionFailure(reason: reason)
        default: throw ResolutionFailure(reason: "a comparison of values of different kinds (or numbers) is decided only by Helm")
        }
    }

    private static func index(_ collection: HelmValue, _ key: HelmValue) throws(ResolutionFailure) -> HelmValue {
        switch (collection, key) {
        case (.map(let entries), .string(let name)): return entries[name] ?? .null
        case (.list(let items), .number(let written)):
            guard let position = Int(written), items.indices.contains(position) else {
                throw ResolutionFailure(reason: "index \(written) is out of the list's range")
            }
            return items[position]
        case (.null, _): return .null
        case (.unknowable, _): return collection
        default: throw ResolutionFailure(reason: "index of a value census cannot index")
        }
    }

    /// Go's `Sprintf` for `%s`, `%v` and `%%` of text values.
    private static func printf(_ format: String, _ arguments: [HelmValue]) throws(ResolutionFailure) -> String {
        var out = ""
        var remaining = arguments[...]
        var percent = false
        for character in format {
            guard percent else {
                if character == "%" { percent = true } else { out.append(character) }
                continue
            }
            percent = false
            switch character {
            case "%": out.append("%")
            case "s", "v":
                guard let value = remaining.popFirst() else { throw ResolutionFailure(reason: "printf has fewer arguments than verbs") }
                if character == "s" {
                    switch value {
                    case .string, .unknowable, .ambiguous: break
                    default: throw ResolutionFailure(reason: "printf %s of something other than text, which Go prints in its own way")
                    }
                }
                out += try value.text
            default:
                throw ResolutionFailure(reason: "printf verb %\(character) is rendered only by Helm")
            }
        }
        guard !percent, remaining.isEmpty else { throw ResolutionFailure(reason: "printf's verbs and arguments do not match") }
        return out
    }
}
