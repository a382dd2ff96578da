import Foundation

/// Helm named templates (`templates/_helpers.tpl` and other `.tpl` files of a chart): a
/// `{{- define "loki.image" -}} … {{- end -}}` whose body assembles an image from the chart's values is
/// defined as `helm/define:<name>`, so `image: {{ include "loki.image" . }}` in a template resolves
/// through the chart's `values.yaml` and `Chart.yaml` (see `HelmTemplate`).
///
/// Only bodies whose every action is one of these shapes are read; any other body (conditionals,
/// `dict`, `ternary`, other functions) is defined as unreadable, so its includes stay unresolved with
/// the reason:
/// - literal text and `.Values.a.b`, `$.Values.a.b`, `.Chart.AppVersion`, `.Chart.Version` and `"text"`,
///   optionally piped to `quote`, `toString` or `trim`;
/// - `printf "%s/%s:%s" …` whose verbs are all `%s`/`%v`;
/// - `default X .Values.a` and `.Values.a | default X`: the value, or `X` when the chart's values leave it
///   unset or empty (`helm/value-default`);
/// - `$name := …` assignments, used later in the body;
/// - `include "other" .` of another named template with the same context.
public enum HelmHelpersExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    public static let version = 1
    /// Placeholder namespace of named templates.
    static let defineNamespace = "helm/define"
    /// Placeholder namespace of a value with a fallback: the name is `<dotted path>||<fallback text>`.
    static let valueDefaultNamespace = "helm/value-default"
    /// Placeholder namespace whose name is the reason a named template cannot be read.
    static let unreadableNamespace = "helm/unreadable"
    /// How deeply parentheses may nest in one action before it is not read.
    static let maxNesting = 16

    /// Whether a file name may be a chart's template helpers: any `.tpl`. The tree walker classifies a
    /// name without its folder, so whether it sits under a chart's `templates/` is checked on extraction.
    static func isHelpers(name: String) -> Bool {
        name.lowercased().hasSuffix(".tpl")
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
            let value: String
            switch render(Array(tokens[(index + 1)..<end]), name: name) {
            case .success(let text): value = text
            case .failure(let failure): value = SymbolPlaceholder.make(namespace: unreadableNamespace, name: failure.reason)
            }
            collector.define(namespace: defineNamespace, name: name, value: value, line: line)
            index = end + 1
        }
        if !collector.facts.definitions.isEmpty {
            for include in HelmTemplate.chartIncludes(folder: folder, line: 1) { collector.include(path: include.path, line: include.line) }
        }
        var facts = collector.facts
        if let warning = budget.warning { facts.warnings.append(warning) }
        return facts
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
        while let open = rest.range(of: "{{") {
            let before = rest[..<open.lowerBound]
            guard budget.spend(before.utf8.count + 1, line: line) else { return tokens }
            tokens.append(.text(String(before)))
            line += before.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            var inner = rest[open.upperBound...]
            let trimsBefore = inner.hasPrefix("-")
            if trimsBefore { inner = inner.dropFirst() }
            let isComment = inner.drop(while: { $0 == " " }).hasPrefix("/*")
            let searchFrom = isComment ? (inner.range(of: "*/")?.upperBound ?? inner.endIndex) : inner.startIndex
            guard let close = inner.range(of: "}}", range: searchFrom..<inner.endIndex) else { return tokens }
            var body = inner[..<close.lowerBound]
            let trimsAfter = body.hasSuffix("-")
            if trimsAfter { body = body.dropLast() }
            if !isComment {
                tokens.append(.action(body.trimmingCharacters(in: .whitespacesAndNewlines), trimsBefore: trimsBefore,
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

    private static func firstWord(_ body: String) -> String {
        String(body.prefix { !$0.isWhitespace && $0 != "(" })
    }

    /// A value while a body is read: a `.Values` path (which `default` can test) or text with placeholders.
    enum Operand {
        case values(String)
        case text(String)

        var text: String {
            switch self {
            case .values(let path): SymbolPlaceholder.make(namespace: HelmTemplate.valueNamespace, name: path)
            case .text(let text): text
            }
        }
    }

    /// The text a define's body renders, as placeholders, or why it cannot be read.
    static func render(_ body: [Token], name: String) -> Result<String, ResolutionFailure> {
        var variables: [String: Operand] = [:]
        var output = ""
        for (index, token) in body.enumerated() {
            switch token {
            case .text(var text):
                if index > 0, case .action(_, _, true, _) = body[index - 1] { text = String(text.drop(while: \.isWhitespace)) }
                if index + 1 < body.count, case .action(_, true, _, _) = body[index + 1] {
                    while text.last?.isWhitespace == true { text.removeLast() }
                }
                output += text
            case .action(let action, _, _, _):
                if action == "/**/" { continue }
                do {
                    if let assignment = assignment(action) {
                        variables[assignment.name] = try evaluate(assignment.expression, variables: variables, depth: 0)
                    } else {
                        output += try evaluate(Substring(action), variables: variables, depth: 0).text
                    }
                } catch let failure as ResolutionFailure {
                    return .failure(ResolutionFailure(reason: "named template \(name): \(failure.reason)"))
                } catch {
                    return .failure(ResolutionFailure(reason: "named template \(name) is rendered only by Helm"))
                }
            }
        }
        let rendered = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !rendered.isEmpty, !rendered.contains(where: \.isWhitespace) else {
            return .failure(ResolutionFailure(reason: "named template \(name) does not render one image reference"))
        }
        return .success(rendered)
    }

    /// `$name := expression` or `$name = expression`.
    static func assignment(_ action: String) -> (name: String, expression: Substring)? {
        guard action.hasPrefix("$"), let operatorRange = action.range(of: ":=") ?? action.range(of: "=") else { return nil }
        let name = action[action.index(after: action.startIndex)..<operatorRange.lowerBound].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return (name, action[operatorRange.upperBound...])
    }

    /// A pipeline: a command, then `quote`/`toString`/`trim`/`default X` stages.
    static func evaluate(_ expression: Substring, variables: [String: Operand], depth: Int) throws -> Operand {
        guard depth < maxNesting else { throw ResolutionFailure(reason: "parentheses nest too deeply") }
        let stages = split(expression, on: "|")
        guard let head = stages.first else { throw ResolutionFailure(reason: "an empty action") }
        var current = try command(head, variables: variables, depth: depth)
        for stage in stages.dropFirst() {
            let parts = words(stage)
            if parts.count == 1, ["quote", "toString", "trim"].contains(parts[0]) { continue }
            guard parts.count == 2, parts[0] == "default" else {
                throw ResolutionFailure(reason: "the action `\(sanitized(stage))` is rendered only by Helm")
            }
            current = try defaulted(current, fallback: operand(parts[1], variables: variables, depth: depth))
        }
        return current
    }

    private static func command(_ text: Substring, variables: [String: Operand], depth: Int) throws -> Operand {
        let parts = words(text)
        if parts.count == 1 { return try operand(parts[0], variables: variables, depth: depth) }
        if let name = includedName(text) {
            return .text(SymbolPlaceholder.make(namespace: defineNamespace, name: name))
        }
        if parts.first == "default", parts.count == 3 {
            return try defaulted(operand(parts[2], variables: variables, depth: depth),
                                 fallback: operand(parts[1], variables: variables, depth: depth))
        }
        if parts.first == "printf", parts.count >= 2, let format = quoted(parts[1]) {
            let pieces = format.replacingOccurrences(of: "%v", with: "%s").components(separatedBy: "%s")
            guard pieces.count == parts.count - 1, !pieces.contains(where: { $0.contains("%") }) else {
                throw ResolutionFailure(reason: "printf \(sanitized(Substring(parts[1]))) uses verbs other than %s")
            }
            var out = pieces[0]
            for (index, argument) in parts.dropFirst(2).enumerated() {
                out += try operand(argument, variables: variables, depth: depth).text + pieces[index + 1]
            }
            return .text(out)
        }
        throw ResolutionFailure(reason: "the action `\(sanitized(text))` is rendered only by Helm")
    }

    private static func operand(_ word: String, variables: [String: Operand], depth: Int) throws -> Operand {
        if let literal = quoted(word) { return .text(literal) }
        if word.hasPrefix("("), word.hasSuffix(")"), word.count >= 2 {
            return try evaluate(Substring(word.dropFirst().dropLast()), variables: variables, depth: depth + 1)
        }
        if word == ".Chart.AppVersion" { return .text(SymbolPlaceholder.make(namespace: HelmTemplate.chartNamespace, name: "appVersion")) }
        if word == ".Chart.Version" { return .text(SymbolPlaceholder.make(namespace: HelmTemplate.chartNamespace, name: "version")) }
        for prefix in [".Values.", "$.Values."] where word.hasPrefix(prefix) {
            let path = String(word.dropFirst(prefix.count))
            let valid = !path.isEmpty && path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { segment in
                !segment.isEmpty && segment.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" }
            }
            if valid { return .values(path) }
        }
        if word.hasPrefix("$"), let value = variables[String(word.dropFirst())] { return value }
        throw ResolutionFailure(reason: "\(sanitized(Substring(word))) is rendered only by Helm")
    }

    /// `default fallback tested`: Helm's `default` gives the fallback when the tested value is empty.
    private static func defaulted(_ tested: Operand, fallback: Operand) throws -> Operand {
        guard case .values(let path) = tested else {
            throw ResolutionFailure(reason: "default applies to something other than a .Values path")
        }
        return .text(SymbolPlaceholder.make(namespace: valueDefaultNamespace, name: path + "||" + fallback.text))
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
    private static func sanitized(_ text: Substring) -> String {
        let flat = text.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
            .split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return flat.count > 80 ? String(flat.prefix(80)) + "…" : flat
    }
}
