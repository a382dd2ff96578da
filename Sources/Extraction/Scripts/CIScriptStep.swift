import Yams

/// The `docker`/`podman` images of one CI script step (`script:`, `run:`, `bash:`, `pwsh:`, an
/// `inlineScript` input), read with `DockerCommandLine` at the lines of the YAML file.
///
/// Kinds stay the scripts' own (`script/docker-run`, `script/docker-pull`, `script/build-tag`, …), so a
/// local build reads the same wherever its script is written; the context names the CI step first
/// (`jobs.test.steps[build].run: docker run`).
///
/// CI systems paste their own expressions into the text before the shell reads it (Azure `$(name)` macros
/// and `${{ }}` template expressions, GitHub `${{ }}`): those are masked by plain tokens while the shell
/// words are read, then put back in the image text, which the CI extractor turns into a value
/// (`finish`). Values the step's environment gets from the pipeline (`variables`) resolve `$NAME` uses.
enum CIScriptStep {
    /// A CI expression recognized in a script: its length (in characters from the start) when `text`
    /// starts with one.
    typealias MacroMatcher = (Substring) -> Int?

    /// The masked script and the original text of each token.
    struct Masked {
        var text: String
        var originals: [(token: String, original: String)]

        /// `text` with every token put back as written.
        func restore(_ text: String) -> String {
            guard !originals.isEmpty, text.contains(CIScriptStep.tokenPrefix) else { return text }
            var out = text
            // Longest tokens first, so `…MACRO1X` never eats the start of `…MACRO12X` (tokens end with `X`).
            for (token, original) in originals.reversed() { out = out.replacingOccurrences(of: token, with: original) }
            return out
        }
    }

    static let tokenPrefix = "CENSUSCIEXPRESSION"
    /// Expressions masked per script at most; the rest are left for the shell to read as written.
    static let maxMacros = 512

    /// Replaces every CI expression `matcher` finds with a token no shell reads specially.
    static func mask(_ script: String, matcher: MacroMatcher?, budget: ExtractionBudget) -> Masked {
        guard let matcher, !script.contains(tokenPrefix), script.contains("$") else { return Masked(text: script, originals: []) }
        var out = ""
        var originals: [(String, String)] = []
        var index = script.startIndex
        while index < script.endIndex, budget.spend() {
            if script[index] == "$", originals.count < maxMacros, let length = matcher(script[index...]) {
                let end = script.index(index, offsetBy: length)
                let token = "\(tokenPrefix)\(originals.count)X"
                originals.append((token, String(script[index..<end])))
                out += token
                index = end
            } else {
                out.append(script[index])
                index = script.index(after: index)
            }
        }
        if index < script.endIndex { out += script[index...] }
        return Masked(text: out, originals: originals)
    }

    /// The images of one script step at `node`, with `context` naming the step. `finish` turns an image
    /// text with the CI's expressions put back into its values (and a suffix for the context each).
    /// `table` holds the shell variables the step's earlier lines assigned (GitLab runs a job's script lines
    /// in one shell) and is updated with this script's assignments.
    static func images(in node: YAMLCursor, context: String, table: inout ScriptVariables,
                       macros: MacroMatcher?, finish: (String) -> [(ImageExpression, String?)],
                       into collector: inout FactCollector) {
        guard let script = node.string else { return }
        let traversal = node.traversal
        images(in: script, firstLine: firstLine(of: node.node, line: node.line), context: context, table: &table,
               macros: macros, budget: traversal.work, finish: finish,
               locate: keepsLines(node.node) ? nil : { traversal.line(of: $0, from: $1) }, into: &collector)
    }

    /// The images of the script `script` whose first line is `firstLine` of the YAML file.
    static func images(in script: String, firstLine: Int, context: String, table: inout ScriptVariables,
                       macros: MacroMatcher?, budget: ExtractionBudget,
                       finish: (String) -> [(ImageExpression, String?)],
                       locate: ((String, Int) -> Int?)? = nil, into collector: inout FactCollector) {
        let masked = mask(script, matcher: macros, budget: budget)
        let facts = DockerCommandLine.scan(masked.text, dialect: table.dialect, firstLine: firstLine,
                                           variables: &table, budget: budget)
        for warning in facts.warnings { collector.warn(line: warning.line, warning.message) }
        // Folded and multi-line plain scalars lose their line breaks: each image is found in the file's lines,
        // in order from the script's first line, so the line is where its text is written.
        var searchFrom = firstLine
        for var fact in facts.references {
            let raw = masked.restore(fact.raw)
            if let locate, let found = locate(raw, searchFrom) {
                fact.line = found
                searchFrom = found
            }
            let stepContext = "\(context): \(fact.context ?? "")"
            switch fact.value {
            case .literal(let text):
                for (value, suffix) in finish(masked.restore(text)) {
                    collector.add(kind: fact.kind, line: fact.line, context: suffix.map { "\(stepContext) \($0)" } ?? stepContext,
                                  raw: raw, value: value)
                }
            case .unresolved(let reason):
                collector.add(kind: fact.kind, line: fact.line, context: stepContext, raw: raw,
                              value: .unresolved(reason: masked.restore(reason)))
            case .symbolic:
                collector.add(kind: fact.kind, line: fact.line, context: stepContext, raw: raw, value: fact.value)
            }
        }
    }

    /// `references` without the `docker run`/`create` of a name a `docker build -t` of the same CI file gives:
    /// CI files build in one step and run in the next (`docker build -t tests .`, then `docker run tests`),
    /// which starts the local build, not a pull. Values are compared as written after resolution, so
    /// `$(image)` built and run in one file is the same name even when only the branch resolves it.
    static func withoutRunsOfLocalBuilds(_ facts: FileFacts) -> FileFacts {
        let built = Set(facts.references.compactMap { $0.kind == "script/build-tag" ? $0.value : nil }.filter {
            if case .unresolved = $0 { false } else { true }
        })
        guard !built.isEmpty else { return facts }
        var out = facts
        out.references.removeAll { ($0.kind == "script/docker-run" || $0.kind == "script/docker-create") && built.contains($0.value) }
        return out
    }

    /// Whether a scalar keeps its line breaks as written (a literal block), so the lines the shell reads
    /// are the file's lines. Folded blocks and plain or quoted scalars fold line breaks into spaces.
    static func keepsLines(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return true }
        return scalar.style == .literal
    }

    /// The line of the script's first line: a block scalar (`|`, `>`) starts on the line after its
    /// indicator; other scalars start where they are written.
    static func firstLine(of node: Node, line: Int) -> Int {
        guard case .scalar(let scalar) = node else { return line }
        switch scalar.style {
        case .literal, .folded: return line + 1
        default: return line
        }
    }

    /// `$(name)` Azure macros (a name of letters, digits, `.`, `_`, `-`) and `${{ }}` template expressions.
    static func azureMacro(_ text: Substring) -> Int? {
        if let length = templateExpression(text) { return length }
        guard text.hasPrefix("$(") else { return nil }
        let name = text.dropFirst(2).prefix { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
        guard !name.isEmpty, name.endIndex < text.endIndex, text[name.endIndex] == ")" else { return nil }
        return name.count + 3
    }

    /// Longest `${{ … }}` expression read; a longer one is left as written.
    static let maxExpressionLength = 256

    /// `${{ … }}` template expressions (Azure and GitHub), on one line.
    static func templateExpression(_ text: Substring) -> Int? {
        guard text.hasPrefix("${{") else { return nil }
        let window = text.prefix(maxExpressionLength)
        guard let close = window.range(of: "}}") else { return nil }
        guard !window[..<close.lowerBound].contains("\n") else { return nil }
        return text.distance(from: text.startIndex, to: close.upperBound)
    }
}
