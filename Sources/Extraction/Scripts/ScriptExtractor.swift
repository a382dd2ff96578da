import Foundation

/// Shell scripts (`*.sh`, `*.bash`), PowerShell (`*.ps1`) and Makefiles (`Makefile`, `*.mk`): the images
/// their `docker`/`podman` command lines name (see `DockerCommandLine`), with variables resolved from
/// assignments in the same file.
public enum ScriptExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    public static let version = 3

    /// The dialect of the script at `path`.
    static func dialect(of path: String) -> ScriptDialect {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        if name.hasSuffix(".ps1") { return .powerShell }
        if name == "makefile" || name == "gnumakefile" || name.hasSuffix(".mk") || name.hasPrefix("makefile.") {
            return .makefileRecipe
        }
        return .shell
    }

    /// Facts of the script at `path`.
    public static func extract(path: String, text: String, budget: ExtractionBudget) -> FileFacts {
        var facts: FileFacts
        let dialect = dialect(of: path)
        // Most files of a shell name run no container tool: a pass over their bytes proves it for many.
        if dialect != .makefileRecipe, !ScriptScreen.mustRead(text, budget: budget) { return .empty }
        switch dialect {
        case .shell:
            var variables = ScriptVariables(dialect: .shell)
            facts = DockerCommandLine.scan(text, dialect: .shell, firstLine: 1, variables: &variables, budget: budget)
        case .powerShell:
            var variables = ScriptVariables(dialect: .powerShell)
            facts = DockerCommandLine.scan(text, dialect: .powerShell, firstLine: 1, variables: &variables, budget: budget)
        case .makefileRecipe:
            facts = Makefile.extract(text: text, budget: budget)
        }
        facts.references = withoutRunsOfLocalBuilds(facts.references)
        if let warning = budget.warning { facts.warnings.append(warning) }
        return facts
    }

    /// `docker build -t app .` then `docker run app`: the run starts the image the file just built, not a
    /// pull, and the build's `script/build-tag` already records the name. Runs and creates of a name the
    /// same file gives a build are left out; `docker pull` of it is kept (it does fetch from a registry).
    static func withoutRunsOfLocalBuilds(_ references: [ReferenceFact]) -> [ReferenceFact] {
        let built = Set(references.compactMap { fact -> String? in
            guard fact.kind == "script/build-tag", case .literal(let image) = fact.value else { return nil }
            return image
        })
        guard !built.isEmpty else { return references }
        return references.filter { fact in
            guard fact.kind == "script/docker-run" || fact.kind == "script/docker-create",
                  case .literal(let image) = fact.value else { return true }
            return !built.contains(image)
        }
    }
}

/// A Makefile read the way make reads it: every variable assignment of the file is read first (make
/// parses the whole file before any recipe runs), then each recipe line is a shell command line.
enum Makefile {
    /// One logical line: its first line number and its text with continuations kept.
    private struct LogicalLine {
        var line: Int
        var text: String
    }

    static func extract(text: String, budget: ExtractionBudget) -> FileFacts {
        let lines = logicalLines(text, budget: budget)
        var variables = ScriptVariables(dialect: .makefileRecipe)
        var multiWord: [String: String] = [:]
        var inDefine = false
        var inRule = false
        var conditionalDepth = 0
        var history = AssignmentHistory()
        for logical in lines {
            if logical.text.hasPrefix("\t"), inRule || inDefine { continue }
            let trimmed = logical.text.trimmingWhitespace()
            if trimmed.hasPrefix("define ") { inDefine = true; continue }
            if trimmed == "endef" { inDefine = false; continue }
            if inDefine || trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let keyword = conditionalKeyword(trimmed) {
                if keyword.hasPrefix("if") { conditionalDepth += 1 }
                if keyword == "endif" { conditionalDepth = max(0, conditionalDepth - 1) }
                continue
            }
            assignment(trimmed, line: logical.line, into: &variables, multiWord: &multiWord,
                       history: &history, conditional: conditionalDepth > 0, budget: budget)
            inRule = isRule(trimmed)
        }
        for name in history.conflicting {
            multiWord[name] = nil
            variables.markUnknown("make:" + name, reason:
                "$(\(name)) is assigned differently in the branches of a make conditional; which applies is decided when make runs")
        }
        var collector = FactCollector()
        inRule = false
        inDefine = false
        for logical in lines {
            guard budget.spend(1, line: logical.line) else { break }
            if logical.text.hasPrefix("\t") {
                // A `define` whose body is indented by tabs is a canned recipe (`$(call run_in_container)`).
                guard inRule || inDefine else { continue }
                var recipe = Substring(logical.text.dropFirst())
                while let first = recipe.first, first == "@" || first == "-" || first == "+" || first == " " { recipe = recipe.dropFirst() }
                let expanded = expand(String(recipe), multiWord: multiWord, depth: 0, budget: budget)
                collector.merge(DockerCommandLine.scan(expanded, dialect: .makefileRecipe, firstLine: logical.line,
                                                       variables: &variables, budget: budget))
                continue
            }
            let trimmed = logical.text.trimmingWhitespace()
            if trimmed.hasPrefix("define ") { inDefine = true; continue }
            if trimmed == "endef" { inDefine = false; continue }
            if inDefine || trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            // Conditionals inside a recipe keep the recipe going.
            if conditionalKeyword(trimmed) != nil { continue }
            // A rule line (`target: prerequisites`) starts a recipe; an assignment or directive ends it.
            inRule = isRule(trimmed)
        }
        return collector.facts
    }

    /// Lines joined with their backslash continuations (the newline kept, so line numbers stay right).
    private static func logicalLines(_ text: String, budget: ExtractionBudget) -> [LogicalLine] {
        var out: [LogicalLine] = []
        var pending: LogicalLine?
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            guard budget.spend(raw.utf8.count + 1, line: number) else { break }
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if var continued = pending {
                continued.text += "\n" + line
                pending = continued
            } else {
                pending = LogicalLine(line: number, text: line)
            }
            if !line.hasSuffix("\\"), let finished = pending {
                out.append(finished)
                pending = nil
            }
        }
        if let pending { out.append(pending) }
        return out
    }

    /// The values each make variable was given, to find those a conditional gives different values.
    private struct AssignmentHistory {
        var lastValue: [String: String] = [:]
        var inConditional: Set<String> = []
        var conflicting: Set<String> = []

        mutating func note(_ name: String, value: String, conditional: Bool) {
            if conditional { inConditional.insert(name) }
            if let previous = lastValue[name], previous != value, inConditional.contains(name) { conflicting.insert(name) }
            lastValue[name] = value
        }
    }

    /// `ifeq`, `ifneq`, `ifdef`, `ifndef`, `else` or `endif` when `line` is one of make's conditional directives.
    private static func conditionalKeyword(_ line: String) -> String? {
        let keyword = String(line.prefix { !$0.isWhitespace && $0 != "(" })
        return ["ifeq", "ifneq", "ifdef", "ifndef", "else", "endif"].contains(keyword) ? keyword : nil
    }

    private static let assignmentOperators = ["::=", ":::=", ":=", "?=", "+=", "!=", "="]

    /// Reads `NAME op value` (after `export`/`override`) into `variables`; other lines are ignored.
    private static func assignment(_ line: String, line number: Int, into variables: inout ScriptVariables,
                                   multiWord: inout [String: String], history: inout AssignmentHistory,
                                   conditional: Bool, budget: ExtractionBudget) {
        var text = Substring(line)
        for prefix in ["export ", "override "] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        guard let nameEnd = text.firstIndex(where: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }),
              nameEnd != text.startIndex else { return }
        let name = String(text[..<nameEnd])
        let rest = text[nameEnd...].drop { $0 == " " || $0 == "\t" }
        guard let op = assignmentOperators.first(where: { rest.hasPrefix($0) }) else { return }
        var value = String(rest.dropFirst(op.count)).replacingOccurrences(of: "\\\n", with: " ")
        if let hash = value.firstIndex(of: "#") { value = String(value[..<hash]) }
        value = value.trimmingWhitespace()
        switch op {
        case "+=":
            variables.markUnknown("make:" + name, reason: "$(\(name)) is appended to with += (a list, not one image)")
        case "!=":
            variables.markUnknown("make:" + name, reason: "$(\(name)) is the output of a shell command run by make")
        case "?=" where variables.hasMake(name):
            break
        default:
            history.note(name, value: value, conditional: conditional)
            multiWord[name] = nil
            let commands = ScriptLexer.commands(in: value, dialect: .makefileRecipe, firstLine: number, budget: budget)
            if commands.count == 1, commands[0].words.count == 1 {
                variables.defineMake(name, segments: commands[0].words[0].segments)
            } else if value.isEmpty {
                variables.defineMake(name, segments: [.text("")])
            } else {
                variables.markUnknown("make:" + name, reason: "$(\(name)) is not one word")
                // make pastes the text in before the shell splits it: `OCI_BUILD := docker build $(ARGS)`.
                if !value.contains("\n") { multiWord[name] = value }
            }
        }
    }

    /// Recipe lines longer than this after pasting multi-word variables are not expanded further.
    static let maxExpandedLength = 64 * 1024
    /// Multi-word variables inside multi-word variables are pasted this many levels deep at most.
    static let maxExpansionDepth = 4

    /// `recipe` with the multi-word make variables (`$(NAME)`, `${NAME}`) pasted in as make does, so the
    /// shell splits their words; one-word variables stay as written and resolve per word.
    private static func expand(_ recipe: String, multiWord: [String: String], depth: Int, budget: ExtractionBudget) -> String {
        guard !multiWord.isEmpty, depth < maxExpansionDepth, recipe.containsByte(UInt8(ascii: "$")) else { return recipe }
        let scalars = Array(recipe.unicodeScalars)
        var out = String.UnicodeScalarView()
        var length = 0
        var index = 0
        while index < scalars.count, budget.spend() {
            let scalar = scalars[index]
            guard scalar == "$", index + 1 < scalars.count else {
                out.append(scalar)
                length += 1
                index += 1
                continue
            }
            let next = scalars[index + 1]
            let closer: Unicode.Scalar? = next == "(" ? ")" : next == "{" ? "}" : nil
            if next == "$" || closer == nil {
                out.append(scalar)
                out.append(next)
                length += 2
                index += 2
                continue
            }
            var close = index + 2
            while close < scalars.count, scalars[close] != closer, scalars[close] != "$", scalars[close] != " " { close += 1 }
            let name = String(String.UnicodeScalarView(scalars[min(index + 2, close)..<min(close, scalars.count)]))
            if close < scalars.count, scalars[close] == closer, let value = multiWord[name],
               length + value.utf8.count <= maxExpandedLength {
                let pasted = expand(value, multiWord: multiWord, depth: depth + 1, budget: budget)
                out.append(contentsOf: pasted.unicodeScalars)
                length += pasted.utf8.count
                index = close + 1
            } else {
                out.append(scalar)
                length += 1
                index += 1
            }
        }
        return String(out)
    }

    /// Whether `line` is a rule (`target: prerequisites`, `a b: c`), not an assignment.
    private static func isRule(_ line: String) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let before = line[..<colon]
        if before.containsByte(UInt8(ascii: "=")) { return false }
        let after = line[line.index(after: colon)...]
        return !after.hasPrefix("=") && !(after.hasPrefix(":") && after.dropFirst().hasPrefix("="))
    }
}
