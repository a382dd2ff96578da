import Foundation

/// Helm named templates (`templates/_helpers.tpl` and other `.tpl` files of a chart): a
/// `{{- define "loki.image" -}} … {{- end -}}` whose body assembles an image from the chart's values is
/// defined as `helm/define:<name>`, so `image: {{ include "loki.image" . }}` in a template resolves
/// through the chart's `values.yaml` and `Chart.yaml` (see `HelmTemplate`).
///
/// Only bodies whose every action is one of these shapes are read; any other body (`and`/`or`/`eq`
/// conditions, `range`, other functions) is defined as unreadable, so its includes stay unresolved with
/// the reason:
/// - literal text and `.Values.a.b`, `$.Values.a.b`, `.Chart.AppVersion`, `.Chart.Version` and `"text"`,
///   optionally piped to `quote`, `toString` or `trim`;
/// - `printf "%s/%s:%s" …` whose verbs are all `%s`/`%v`;
/// - `default X .Values.a` and `.Values.a | default X`: the value, or `X` when the chart's values leave it
///   unset or empty (`helm/value-default`);
/// - `$name := …` assignments, used later in the body;
/// - `include "other" .` of another named template with the same context;
/// - `if`/`else if`/`else`, `if not` and `with` on one `.Values` path (`helm/if`, decided at resolution by
///   the value's Helm truthiness, `helm/truth` from `values.yaml`), or on a literal (decided now);
/// - `ternary A B cond`, `coalesce …` and chained `| default …` of `.Values` paths and literals,
///   `trimSuffix`/`trimPrefix` of a literal affix, `(.Values.a).b`, and `fail "…"` (the reason when taken);
/// - `include "other" (dict "k" v …)` (or a `$d := dict …` variable) of a define in the same file: its body
///   is rendered with the dict as `.`, so `.k.registry` reads the bound `.Values` path.
public enum HelmHelpersExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    public static let version = 4
    /// Placeholder namespace of named templates.
    static let defineNamespace = "helm/define"
    /// Placeholder namespace of a value with a fallback: the name is `<dotted path>||<fallback text>`.
    static let valueDefaultNamespace = "helm/value-default"
    /// Placeholder namespace of a branch chosen by a value: the name is `<dotted path>||<text when the value
    /// is true>||<text when it is false>`, split outside nested placeholders.
    static let conditionNamespace = "helm/if"
    /// Placeholder namespaces of `trimSuffix`/`trimPrefix` of a value: the name is `<affix>||<text>`.
    static let trimSuffixNamespace = "helm/trim-suffix"
    static let trimPrefixNamespace = "helm/trim-prefix"
    /// Namespace of a named template's body text (see `HelmRenderer`).
    static let sourceNamespace = "helm/define-source"
    /// Placeholder namespace whose name is the reason a named template cannot be read.
    static let unreadableNamespace = "helm/unreadable"
    /// How deeply parentheses may nest in one action before it is not read.
    static let maxNesting = 16

    /// Whether a file name may be a chart's template helpers: any `.tpl`. The tree walker classifies a
    /// name without its folder, so whether it sits under a chart's `templates/` is checked on extraction.
    static func isHelpers(name: String) -> Bool {
        name.lowercased().hasSuffix(".tpl")
    }

    /// Whether a YAML file is a chart's helpers rather than a manifest: Helm renders no file of
    /// `templates/` whose name starts with `_` (`_helpers.yaml`); it only loads its named templates.
    /// Other tools keep `templates/_x.yml` files too, so the file must define a named template.
    public static func isHelpers(yamlPath path: String, text: String) -> Bool {
        let name = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]
        guard name.hasPrefix("_"), HelmTemplate.chartFolder(ofTemplate: path) != nil else { return false }
        return text.range(of: #"\{\{-?\s*define\s+""#, options: .regularExpression) != nil
    }

    /// The path part of a `helm/value-default` name.
    static func defaultedPath(_ name: String) -> String {
        name.range(of: "||").map { String(name[..<$0.lowerBound]) } ?? name
    }

    /// Facts of the helpers file at `path`: one definition per named template.
    public static func extract(path: String, text: String, budget: ExtractionBudget) -> FileFacts {
        var collector = FactCollector()
        // A `.tpl` outside a chart's `templates/` (a Go or Terraform template) is not Helm's.
        guard let folder = HelmTemplate.chartFolder(ofTemplate: path) else { return collector.facts }
        let tokens = tokenize(text, budget: budget)
        var defines: [(name: String, line: Int)] = []
        var bodies: [String: Range<Int>] = [:]
        var index = 0
        while index < tokens.count {
            guard case .action(let body, _, _, let line) = tokens[index], let name = defineName(body) else {
                index += 1
                continue
            }
            var depth = 0
            var end = index + 1
            while end < tokens.count {
                if case .action(let inner, _, _, _) = tokens[end] {
                    let keyword = firstWord(inner)
                    if ["if", "range", "with", "define", "block"].contains(keyword) { depth += 1 }
                    if keyword == "end" {
                        if depth == 0 { break }
                        depth -= 1
                    }
                }
                end += 1
            }
            defines.append((name, line))
            bodies[name] = (index + 1)..<end
            index = end + 1
        }
        let renderer = Renderer(tokens: tokens, bodies: bodies, budget: budget)
        for define in defines {
            // The body's own text, for `HelmRenderer` to render with the chart's values once they are known.
            if let range = bodies[define.name], let source = source(of: range, in: tokens) {
                collector.define(namespace: sourceNamespace, name: define.name, value: source, line: define.line)
            }
            let value: String
            switch renderer.render(name: define.name) {
            case .success(let text): value = text
            case .failure(let failure): value = SymbolPlaceholder.make(namespace: unreadableNamespace, name: failure.reason)
            }
            collector.define(namespace: defineNamespace, name: define.name, value: value, line: define.line)
        }
        if !collector.facts.definitions.isEmpty {
            for include in HelmTemplate.chartIncludes(folder: folder, line: 1) { collector.include(path: include.path, line: include.line) }
        }
        var facts = collector.facts
        if let warning = budget.warning { facts.warnings.append(warning) }
        return facts
    }

    /// The template text of a define's body, trimmed as its `define` and `end` actions trim it, or `nil`
    /// when it is longer than a helper renders.
    static func source(of range: Range<Int>, in tokens: [Token]) -> String? {
        var out = ""
        for index in range {
            switch tokens[index] {
            case .text(var text):
                if index == range.lowerBound, index > 0, case .action(_, _, true, _) = tokens[index - 1] {
                    text = String(text.drop(while: \.isWhitespace))
                }
                if index == range.upperBound - 1, index + 1 < tokens.count, case .action(_, true, _, _) = tokens[index + 1] {
                    while text.last?.isWhitespace == true { text.removeLast() }
                }
                out += text
            case .action(let action, let before, let after, _):
                out += "{{" + (before ? "- " : "") + action + (after ? " -" : "") + "}}"
            }
            guard out.utf8.count <= HelmRenderer.maxRenderedLength else { return nil }
        }
        return out
    }

    enum Token {
        case text(String)
        /// An action's text without its delimiters and trim markers; whether it trims before and after.
        case action(String, trimsBefore: Bool, trimsAfter: Bool, line: Int)
    }

    /// The text and actions of a template, comments dropped; reading stops where the budget runs out.
    static func tokenize(_ text: String, budget: ExtractionBudget) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(text)
        var line = 1
        while let open = pair("{{", in: rest) {
            let before = rest[..<open.lowerBound]
            guard budget.spend(before.utf8.count + 1, line: line) else { return tokens }
            tokens.append(.text(String(before)))
            line += before.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            var inner = rest[open.upperBound...]
            let trimsBefore = inner.hasPrefix("-")
            if trimsBefore { inner = inner.dropFirst() }
            let isComment = inner.drop(while: { $0 == " " }).hasPrefix("/*")
            let searchFrom = isComment ? (pair("*/", in: inner)?.upperBound ?? inner.endIndex) : inner.startIndex
            guard let close = pair("}}", in: inner[searchFrom...]) else { return tokens }
            var body = inner[..<close.lowerBound]
            let trimsAfter = body.hasSuffix("-")
            if trimsAfter { body = body.dropLast() }
            if !isComment {
                tokens.append(.action(body.trimmingWhitespaceAndNewlines(), trimsBefore: trimsBefore,
                                      trimsAfter: trimsAfter, line: line))
            } else {
                tokens.append(.action("/**/", trimsBefore: trimsBefore, trimsAfter: trimsAfter, line: line))
            }
            line += rest[open.lowerBound..<close.upperBound].utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            rest = rest[close.upperBound...]
        }
        tokens.append(.text(String(rest)))
        return tokens
    }

    /// The range of the first occurrence of the two ASCII characters `delimiter` in `text`. Scans the
    /// UTF-8 view: an ASCII byte never occurs inside a multi-byte character, so its indices are valid.
    static func pair(_ delimiter: StaticString, in text: Substring) -> Range<String.Index>? {
        let (first, second) = delimiter.withUTF8Buffer { ($0[0], $0[1]) }
        let utf8 = text.utf8
        var index = utf8.startIndex
        while let found = utf8[index...].firstIndex(of: first) {
            let next = utf8.index(after: found)
            guard next < utf8.endIndex else { return nil }
            if utf8[next] == second { return found..<utf8.index(after: next) }
            index = next
        }
        return nil
    }

    /// The name of a `define "name"` action, or `nil`.
    static func defineName(_ body: String) -> String? {
        let parts = words(Substring(body))
        guard parts.count == 2, parts[0] == "define", let name = quoted(parts[1]), isTemplateName(name) else { return nil }
        return name
    }

    /// Whether `name` is a named template's name census writes into a placeholder.
    static func isTemplateName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "_" || $0 == "-" || $0 == "/"
        }
    }

    /// The name a template includes with its own context (`include "x" .`, `template "x" $`), or `nil`.
    static func includedName(_ command: Substring) -> String? {
        let parts = words(command)
        guard parts.count == 3, parts[0] == "include" || parts[0] == "template", parts[2] == "." || parts[2] == "$",
              let name = quoted(parts[1]), isTemplateName(name) else { return nil }
        return name
    }

    static func firstWord(_ body: String) -> String {
        String(body.prefix { !$0.isWhitespace && $0 != "(" })
    }

    /// A value while a body is read: a `.Values` path (which `default` and `if` can test), text with
    /// placeholders, a `dict` passed as a context, or the chart's own top-level context.
    enum Operand: Equatable {
        case values(String)
        case text(String)
        case dict([String: Operand])
        case root

        var text: String {
            get throws {
                switch self {
                case .values(let path): SymbolPlaceholder.make(namespace: HelmTemplate.valueNamespace, name: path)
                case .text(let text): text
                case .dict, .root: throw ResolutionFailure(reason: "a context (not a string) is written out")
                }
            }
        }
    }

    /// What `.`, `$` and the variables are while a part of a body is read.
    struct Scope {
        var variables: [String: Operand] = [:]
        var dot: Operand = .root
        var root: Operand = .root
        /// Variables declared (`:=`) in the block being read: they end with it and shadow the outer ones.
        var declared: Set<String> = []
    }

    /// What a condition is known to be: decided now (a literal) or by a value of the chart.
    enum Condition {
        case known(Bool)
        case value(path: String, negated: Bool)
    }

    /// Reads the define bodies of one helpers file; `include` with a `dict` context renders a body of
    /// the same file inline with that context, paying the file's budget for every token.
    struct Renderer {
        let tokens: [Token]
        /// The body of every define in the file, by name (token indices between `define` and `end`).
        let bodies: [String: Range<Int>]
        let budget: ExtractionBudget

        /// The longest text a helper may render or hold in a variable (placeholders of conditions carry
        /// both branches, so well above the 1 KiB an image may take).
        static let maxRenderedLength = 65_536

        static func checkLength(_ text: String) throws(ResolutionFailure) {
            guard text.utf8.count <= maxRenderedLength else {
                throw ResolutionFailure(reason: "renders more than \(maxRenderedLength) characters, which no image is")
            }
        }

        /// The text the define `name` renders with the chart's top-level context, as placeholders.
        func render(name: String) -> Result<String, ResolutionFailure> {
            guard let body = bodies[name] else { return .failure(ResolutionFailure(reason: "named template \(name) is not defined")) }
            do {
                var scope = Scope()
                let output = try render(body, scope: &scope, depth: 0).trimmingWhitespaceAndNewlines()
                guard !output.isEmpty, !withoutStops(output).contains(where: \.isWhitespace) else {
                    return .failure(ResolutionFailure(reason: "named template \(name) does not render one image reference"))
                }
                return .success(nonEmpty(output, name: name))
            } catch let failure as ResolutionFailure {
                return .failure(ResolutionFailure(reason: "named template \(name): \(failure.reason)"))
            } catch {
                return .failure(ResolutionFailure(reason: "named template \(name) is rendered only by Helm"))
            }
        }

        /// `output` with every branch that renders nothing replaced by the reason: an empty `image:` is no
        /// reference, whichever branch the values take.
        private func nonEmpty(_ output: String, name: String) -> String {
            if output.isEmpty {
                return SymbolPlaceholder.make(namespace: unreadableNamespace, name: "named template \(name) renders nothing with the chart's values")
            }
            let markers = SymbolPlaceholder.find(in: output)
            guard markers.count == 1, let marker = markers.first, marker.namespace == conditionNamespace,
                  marker.range == output.startIndex..<output.endIndex else { return output }
            let parts = topLevelSplit(marker.name)
            guard parts.count == 3 else { return output }
            let name = parts[0] + "||" + nonEmpty(parts[1], name: name) + "||" + nonEmpty(parts[2], name: name)
            return SymbolPlaceholder.make(namespace: conditionNamespace, name: name)
        }

        /// The text of `range`, with `if`/`with` blocks read by the chart's values.
        func render(_ range: Range<Int>, scope: inout Scope, depth: Int) throws -> String {
            guard depth < maxNesting else { throw ResolutionFailure(reason: "templates and blocks nest too deeply") }
            var output = ""
            var index = range.lowerBound
            while index < range.upperBound {
                switch tokens[index] {
                case .text(var text):
                    guard budget.spend(1) else { throw ResolutionFailure(reason: "the file's extraction budget ran out") }
                    if index > 0, case .action(_, _, true, _) = tokens[index - 1] { text = String(text.drop(while: \.isWhitespace)) }
                    if index + 1 < tokens.count, case .action(_, true, _, _) = tokens[index + 1] {
                        while text.last?.isWhitespace == true { text.removeLast() }
                    }
                    output += text
                case .action(let action, _, _, let line):
                    guard budget.spend(1, line: line) else { throw ResolutionFailure(reason: "the file's extraction budget ran out") }
                    if action == "/**/" { break }
                    let keyword = firstWord(action)
                    if keyword == "if" || keyword == "with" {
                        let (branches, end) = try blockBranches(from: index, limit: range.upperBound)
                        output += try chain(branches[...], scope: &scope, depth: depth + 1)
                        index = end + 1
                        continue
                    }
                    if ["range", "define", "block", "else", "end", "break", "continue", "template"].contains(keyword)
                        && !(keyword == "template" && includedName(Substring(action)) != nil) {
                        throw ResolutionFailure(reason: "the action `\(sanitized(Substring(action)))` is rendered only by Helm")
                    }
                    if let assignment = assignment(action) {
                        let value = try evaluate(assignment.expression, scope: scope, depth: depth)
                        if case .text(let text) = value { try Self.checkLength(text) }
                        scope.variables[assignment.name] = value
                        if assignment.declares { scope.declared.insert(assignment.name) }
                    } else {
                        output += try evaluate(Substring(action), scope: scope, depth: depth).text
                    }
                }
                // Text that doubles at every action (`$r = printf "%s%s" $r $r`) is stopped long before it
                // costs memory: no image is this long.
                try Self.checkLength(output)
                index += 1
            }
            return output
        }

        /// The branches of the `if`/`with` block opening at `start` (their header and body) and the
        /// index of its `end`.
        private func blockBranches(from start: Int, limit: Int) throws -> ([(header: [String], body: Range<Int>)], Int) {
            guard case .action(let opening, _, _, _) = tokens[start] else { throw ResolutionFailure(reason: "not a block") }
            var branches: [(header: [String], body: Range<Int>)] = []
            var header = words(Substring(opening))
            var bodyStart = start + 1
            var depth = 0
            var index = start + 1
            while index < limit {
                if case .action(let inner, _, _, _) = tokens[index] {
                    let keyword = firstWord(inner)
                    if ["if", "range", "with", "define", "block"].contains(keyword) { depth += 1 }
                    if keyword == "end" {
                        if depth == 0 {
                            branches.append((header, bodyStart..<index))
                            return (branches, index)
                        }
                        depth -= 1
                    }
                    if keyword == "else", depth == 0 {
                        branches.append((header, bodyStart..<index))
                        header = words(Substring(inner))
                        bodyStart = index + 1
                    }
                }
                index += 1
            }
            throw ResolutionFailure(reason: "a block has no {{ end }}")
        }

        /// The text of an `if`/`else if`/`else` (or `with`) chain: the branch is chosen now when the
        /// condition is a literal, else by the chart's values as `helm/if:<path>||<then>||<else>`.
        private func chain(_ branches: ArraySlice<[(header: [String], body: Range<Int>)].Element>, scope: inout Scope,
                           depth: Int) throws -> String {
            guard let first = branches.first else { return "" }
            var header = first.header
            if header.first == "else" { header.removeFirst() }
            guard let keyword = header.first else {
                // A plain `else`: the last branch. Variables it declares end with it.
                var inner = entering(scope)
                let output = try render(first.body, scope: &inner, depth: depth)
                carry(from: inner, into: &scope)
                return output
            }
            guard keyword == "if" || keyword == "with", header.count >= 2 else {
                throw ResolutionFailure(reason: "the block `\(sanitized(Substring(header.joined(separator: " "))))` is rendered only by Helm")
            }
            let tested = Array(header.dropFirst())
            let condition = try self.condition(tested, scope: scope, depth: depth)
            var thenScope = entering(scope)
            if keyword == "with" {
                guard tested.count == 1 else { throw ResolutionFailure(reason: "`with` on a computed value is rendered only by Helm") }
                thenScope.dot = try operand(tested[0], scope: scope, depth: depth)
            }
            switch condition {
            case .known(true):
                let output = try render(first.body, scope: &thenScope, depth: depth)
                thenScope.dot = scope.dot
                carry(from: thenScope, into: &scope)
                return output
            case .known(false):
                return try chain(branches.dropFirst(), scope: &scope, depth: depth)
            case .value(let path, let negated):
                let thenOutput = try render(first.body, scope: &thenScope, depth: depth)
                var elseScope = entering(scope)
                let elseOutput = try chain(branches.dropFirst(), scope: &elseScope, depth: depth)
                // A variable assigned in a branch holds the branch's value: it becomes conditional too.
                for (name, before) in scope.variables {
                    let taken = thenScope.declared.contains(name) ? before : thenScope.variables[name] ?? before
                    let other = elseScope.declared.contains(name) ? before : elseScope.variables[name] ?? before
                    if taken != other {
                        scope.variables[name] = .text(try conditional(path, negated, taken.text, other.text))
                    }
                }
                return thenOutput == elseOutput ? thenOutput : try conditional(path, negated, thenOutput, elseOutput)
            }
        }

        /// Variables the outer scope had take the values a branch gave them.
        private func carry(from inner: Scope, into scope: inout Scope) {
            for name in scope.variables.keys where !inner.declared.contains(name) {
                if let value = inner.variables[name] { scope.variables[name] = value }
            }
        }

        /// The scope a block's branch starts with: the outer variables, none declared yet.
        private func entering(_ scope: Scope) -> Scope {
            var inner = scope
            inner.declared = []
            return inner
        }

        /// The `helm/if` placeholder choosing `taken` when the value at `path` is true (false when negated).
        func conditional(_ path: String, _ negated: Bool, _ taken: String, _ other: String) throws -> String {
            let (whenTrue, whenFalse) = negated ? (other, taken) : (taken, other)
            for branch in [whenTrue, whenFalse] where topLevelSplit(branch).count > 1 {
                throw ResolutionFailure(reason: "a branch writes `||`, which census cannot carry")
            }
            return SymbolPlaceholder.make(namespace: conditionNamespace, name: path + "||" + whenTrue + "||" + whenFalse)
        }

        /// A condition: one operand, or `not` and one operand.
        private func condition(_ parts: [String], scope: Scope, depth: Int) throws -> Condition {
            var parts = parts
            var negated = false
            if parts.first == "not", parts.count == 2 {
                negated = true
                parts.removeFirst()
            }
            guard parts.count == 1 else {
                throw ResolutionFailure(reason: "the condition `\(sanitized(Substring(parts.joined(separator: " "))))` is decided only by Helm")
            }
            switch try operand(parts[0], scope: scope, depth: depth) {
            case .values(let path): return .value(path: path, negated: negated)
            case .text(let text) where SymbolPlaceholder.find(in: text).isEmpty: return .known(text.isEmpty == negated)
            case .dict(let dict): return .known(dict.isEmpty == negated)
            case .root: return .known(!negated)
            case .text: throw ResolutionFailure(reason: "the condition `\(sanitized(Substring(parts[0])))` is a computed value")
            }
        }

        /// A pipeline: a command, then `quote`/`toString`/`trim`/`default X`/`trimSuffix "x"`/`trimPrefix "x"` stages.
        func evaluate(_ expression: Substring, scope: Scope, depth: Int) throws -> Operand {
            guard depth < maxNesting else { throw ResolutionFailure(reason: "parentheses nest too deeply") }
            let stages = split(expression, on: "|")
            guard let head = stages.first else { throw ResolutionFailure(reason: "an empty action") }
            var current = try command(words(head), scope: scope, depth: depth)
            // `.Values.a | default .Values.b | default "c"`: the first of them that is set.
            var alternatives: [Operand] = []
            for stage in stages.dropFirst() {
                let parts = words(stage)
                if parts.count == 1, ["quote", "toString", "trim"].contains(parts[0]) { continue }
                guard parts.count == 2 else {
                    throw ResolutionFailure(reason: "the action `\(sanitized(stage))` is rendered only by Helm")
                }
                if parts[0] == "default", !alternatives.isEmpty || { if case .values = current { true } else { false } }() {
                    if alternatives.isEmpty { alternatives = [current] }
                    alternatives.append(try operand(parts[1], scope: scope, depth: depth))
                    continue
                }
                if !alternatives.isEmpty { current = try firstSet(alternatives); alternatives = [] }
                current = try command(parts + ["(piped)"], scope: scope, depth: depth, piped: current)
            }
            return alternatives.isEmpty ? current : try firstSet(alternatives)
        }

        /// The first of `alternatives` that Helm's `default` keeps: set (by the chart's values) and not empty.
        private func firstSet(_ alternatives: [Operand]) throws -> Operand {
            if alternatives.count == 2 { return try defaulted(alternatives[0], fallback: alternatives[1]) }
            guard var result = alternatives.last else { throw ResolutionFailure(reason: "an empty default") }
            for candidate in alternatives.dropLast().reversed() {
                switch candidate {
                case .values(let path): result = .text(try conditional(path, false, candidate.text, result.text))
                case .text(let text) where SymbolPlaceholder.find(in: text).isEmpty: if !text.isEmpty { result = candidate }
                default: throw ResolutionFailure(reason: "default applies to something other than a .Values path")
                }
            }
            return result
        }

        private func command(_ parts: [String], scope: Scope, depth: Int, piped: Operand? = nil) throws -> Operand {
            // The piped value is the last argument.
            func argument(_ index: Int) throws -> Operand {
                if index == parts.count - 1, let piped { return piped }
                return try operand(parts[index], scope: scope, depth: depth)
            }
            let text = Substring(parts.joined(separator: " "))
            if parts.count == 1 { return try operand(parts[0], scope: scope, depth: depth) }
            if piped == nil, parts.count == 3, parts[0] == "include" || parts[0] == "template",
               let name = quoted(parts[1]), isTemplateName(name) {
                return try include(name, context: parts[2], scope: scope, depth: depth)
            }
            switch parts[0] {
            case "default" where parts.count == 3:
                return try defaulted(argument(2), fallback: argument(1))
            case "ternary" where parts.count == 4:
                let taken = try argument(1), other = try argument(2)
                switch try condition([parts[3]], scope: scope, depth: depth, piped: piped) {
                case .known(let truth): return truth ? taken : other
                case .value(let path, let negated): return .text(try conditional(path, negated, taken.text, other.text))
                }
            case "coalesce" where parts.count >= 3 && piped == nil:
                // The first argument that is not empty: the last one, unless an earlier one is set.
                var result = try argument(parts.count - 1)
                for index in stride(from: parts.count - 2, through: 1, by: -1) {
                    let candidate = try argument(index)
                    switch try condition([parts[index]], scope: scope, depth: depth) {
                    case .known(let truth): if truth { result = candidate }
                    case .value(let path, _): result = .text(try conditional(path, false, candidate.text, result.text))
                    }
                }
                return result
            case "trimSuffix" where parts.count == 3, "trimPrefix" where parts.count == 3:
                guard let affix = quoted(parts[1]), !affix.isEmpty, !affix.contains("|") else {
                    throw ResolutionFailure(reason: "\(parts[0]) of something other than a literal is rendered only by Helm")
                }
                let value = try argument(2).text
                if SymbolPlaceholder.find(in: value).isEmpty { return .text(trimmed(value, affix, suffix: parts[0] == "trimSuffix")) }
                // The value is known only once the chart's values are read: trimmed then.
                let namespace = parts[0] == "trimSuffix" ? trimSuffixNamespace : trimPrefixNamespace
                return .text(SymbolPlaceholder.make(namespace: namespace, name: affix + "||" + value))
            case "dict" where parts.count % 2 == 1 && piped == nil:
                var dict: [String: Operand] = [:]
                for index in stride(from: 1, to: parts.count, by: 2) {
                    guard let key = quoted(parts[index]) else { throw ResolutionFailure(reason: "a dict key that is not a literal") }
                    dict[key] = try argument(index + 1)
                }
                return .dict(dict)
            case "fail" where parts.count == 2 && piped == nil:
                // Helm stops rendering here: a branch holding it resolves to this reason when it is taken.
                let message = quoted(parts[1]).map { sanitized(Substring($0)) } ?? "a computed message"
                return .text(SymbolPlaceholder.make(namespace: unreadableNamespace, name: "the chart stops with fail: \(message)"))
            case "printf" where parts.count >= 2 && piped == nil:
                guard let format = quoted(parts[1]) else { break }
                let pieces = format.replacingOccurrences(of: "%v", with: "%s").components(separatedBy: "%s")
                guard pieces.count == parts.count - 1, !pieces.contains(where: { $0.contains("%") }) else {
                    throw ResolutionFailure(reason: "printf \(sanitized(Substring(parts[1]))) uses verbs other than %s")
                }
                var out = pieces[0]
                for index in 2..<parts.count { out += try argument(index).text + pieces[index - 1] }
                return .text(out)
            default:
                break
            }
            let shown = piped == nil ? text : Substring(parts.dropLast().joined(separator: " "))
            throw ResolutionFailure(reason: "the action `\(sanitized(shown))` is rendered only by Helm")
        }

        private func condition(_ parts: [String], scope: Scope, depth: Int, piped: Operand?) throws -> Condition {
            guard let piped else { return try condition(parts, scope: scope, depth: depth) }
            switch piped {
            case .values(let path): return .value(path: path, negated: false)
            case .text(let text) where SymbolPlaceholder.find(in: text).isEmpty: return .known(!text.isEmpty)
            default: throw ResolutionFailure(reason: "the condition of ternary is a computed value")
            }
        }

        /// `include "name" context`: with the chart's context it stays a `helm/define` placeholder (the
        /// define may be in another file); with a `dict` it renders the same file's define with that context.
        private func include(_ name: String, context: String, scope: Scope, depth: Int) throws -> Operand {
            let passed = try operand(context, scope: scope, depth: depth)
            if passed == .root { return .text(SymbolPlaceholder.make(namespace: defineNamespace, name: name)) }
            guard case .dict = passed else {
                throw ResolutionFailure(reason: "named template \(name) is included with a context census does not read")
            }
            guard let body = bodies[name] else {
                throw ResolutionFailure(reason: "named template \(name) is included with a dict but is not defined in this file")
            }
            var inner = Scope(variables: [:], dot: passed, root: passed)
            return .text(try render(body, scope: &inner, depth: depth + 1).trimmingWhitespaceAndNewlines())
        }

        private func operand(_ word: String, scope: Scope, depth: Int) throws -> Operand {
            if let literal = quoted(word) { return .text(literal) }
            if word.hasPrefix("("), word.hasSuffix(")"), word.count >= 2 {
                return try evaluate(Substring(word.dropFirst().dropLast()), scope: scope, depth: depth + 1)
            }
            // `(.Values.global).imageRegistry`: Helm's nil-safe field of a group, the same value as the path.
            if word.hasPrefix("("), let close = word.lastIndex(of: ")"), word[word.index(after: close)...].hasPrefix("."),
               close > word.startIndex {
                let group = try evaluate(Substring(word[word.index(after: word.startIndex)..<close]), scope: scope, depth: depth + 1)
                guard case .values = group else {
                    throw ResolutionFailure(reason: "\(sanitized(Substring(word))) is rendered only by Helm")
                }
                return try field(of: group, word[word.index(close, offsetBy: 2)...], word: word)
            }
            if word == "." { return scope.dot }
            if word == "$" { return scope.root }
            if word.hasPrefix("$.") { return try field(of: scope.root, word.dropFirst(2), word: word) }
            if word.hasPrefix(".") { return try field(of: scope.dot, word.dropFirst(), word: word) }
            if word.hasPrefix("$") {
                let name = word.dropFirst().prefix { $0 != "." }
                if let value = scope.variables[String(name)] {
                    let rest = word.dropFirst(1 + name.count)
                    return rest.isEmpty ? value : try field(of: value, rest.dropFirst(), word: word)
                }
            }
            throw ResolutionFailure(reason: "\(sanitized(Substring(word))) is rendered only by Helm")
        }

        /// `base.a.b`: a `.Values` path, a `.Chart` field, or a dict's entry.
        private func field(of base: Operand, _ path: Substring, word: String) throws -> Operand {
            let segments = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let valid = segments.allSatisfy { segment in
                !segment.isEmpty && segment.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" }
            }
            guard valid, let first = segments.first else { throw ResolutionFailure(reason: "\(sanitized(Substring(word))) is rendered only by Helm") }
            switch base {
            case .root:
                if first == "Values", segments.count >= 2 { return .values(segments.dropFirst().joined(separator: ".")) }
                if segments == ["Chart", "AppVersion"] { return .text(SymbolPlaceholder.make(namespace: HelmTemplate.chartNamespace, name: "appVersion")) }
                if segments == ["Chart", "Version"] { return .text(SymbolPlaceholder.make(namespace: HelmTemplate.chartNamespace, name: "version")) }
            case .values(let prefix):
                return .values(([prefix] + segments).joined(separator: "."))
            case .dict(let dict):
                guard let value = dict[first] else {
                    throw ResolutionFailure(reason: "\(sanitized(Substring(word))) is not a key of the dict passed to the template")
                }
                return segments.count == 1 ? value : try field(of: value, Substring(segments.dropFirst().joined(separator: ".")), word: word)
            case .text:
                break
            }
            throw ResolutionFailure(reason: "\(sanitized(Substring(word))) is rendered only by Helm")
        }
    }

    /// `value` without `affix` at its end (`suffix`) or start, as Helm's `trimSuffix`/`trimPrefix` give it.
    static func trimmed(_ value: String, _ affix: String, suffix: Bool) -> String {
        if suffix { return value.hasSuffix(affix) ? String(value.dropLast(affix.count)) : value }
        return value.hasPrefix(affix) ? String(value.dropFirst(affix.count)) : value
    }

    /// `$name := expression` or `$name = expression`.
    static func assignment(_ action: String) -> (name: String, expression: Substring, declares: Bool)? {
        guard action.hasPrefix("$"), let operatorRange = action.range(of: ":=") ?? action.range(of: "=") else { return nil }
        let name = action[action.index(after: action.startIndex)..<operatorRange.lowerBound].trimmingWhitespace()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return (name, action[operatorRange.upperBound...], action[operatorRange] == ":=")
    }

    /// `text` without the `fail` stops in it (their reasons are sentences with spaces).
    static func withoutStops(_ text: String) -> String {
        let opening = "{{" + unreadableNamespace + ":"
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: opening), let end = rest.range(of: "}}", range: start.upperBound..<rest.endIndex) {
            out += rest[..<start.lowerBound]
            rest = rest[end.upperBound...]
        }
        return out + rest
    }

    /// `text` split on `||` outside `{{…}}` placeholders.
    static func topLevelSplit(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        var previous: Character?
        for character in text {
            if character == "{", previous == "{" { depth += 1; previous = nil; current.append(character); continue }
            if character == "}", previous == "}", depth > 0 { depth -= 1; previous = nil; current.append(character); continue }
            if character == "|", previous == "|", depth == 0 {
                current.removeLast()
                out.append(current)
                current = ""
                previous = nil
                continue
            }
            current.append(character)
            previous = character
        }
        out.append(current)
        return out
    }

    /// `default fallback tested`: Helm's `default` gives the fallback when the tested value is empty.
    static func defaulted(_ tested: Operand, fallback: Operand) throws -> Operand {
        guard case .values(let path) = tested else {
            throw ResolutionFailure(reason: "default applies to something other than a .Values path")
        }
        return .text(SymbolPlaceholder.make(namespace: valueDefaultNamespace, name: path + "||" + (try fallback.text)))
    }

    /// The content of a `"…"` word without escapes, or `nil`.
    static func quoted(_ word: String) -> String? {
        guard word.count >= 2, word.hasPrefix("\""), word.hasSuffix("\"") else { return nil }
        let inner = word.dropFirst().dropLast()
        guard !inner.contains("\\"), !inner.contains("\""), !inner.contains("{{"), !inner.contains("}}") else { return nil }
        return String(inner)
    }

    /// The words of a command: quoted strings and parenthesized groups stay whole.
    static func words(_ text: Substring) -> [String] {
        var out: [String] = []
        var current = ""
        var depth = 0
        var inQuote = false
        for character in text {
            if inQuote {
                current.append(character)
                if character == "\"" { inQuote = false }
                continue
            }
            switch character {
            case "\"": inQuote = true; current.append(character)
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case _ where character.isWhitespace && depth == 0:
                if !current.isEmpty { out.append(current); current = "" }
            default: current.append(character)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// `text` split on `separator` outside quotes and parentheses.
    static func split(_ text: Substring, on separator: Character) -> [Substring] {
        var out: [Substring] = []
        var start = text.startIndex
        var depth = 0
        var inQuote = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inQuote {
                if character == "\"" { inQuote = false }
            } else if character == "\"" {
                inQuote = true
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
            } else if character == separator, depth == 0 {
                out.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        out.append(text[start...])
        return out
    }

    /// Action text fit for a placeholder name and a message: one line, no braces.
    static func sanitized(_ text: Substring) -> String {
        let flat = text.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
            .split(whereSeparator: \.isNewline).joined(separator: " ").trimmingWhitespace()
        return flat.count > 80 ? String(flat.prefix(80)) + "…" : flat
    }
}
