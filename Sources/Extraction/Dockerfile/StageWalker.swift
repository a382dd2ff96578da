import Foundation

/// Walks the instructions of a Dockerfile stage by stage, keeping each scope of build arguments, and
/// records every place an image is named: FROM, `COPY --from`, `RUN --mount=…,from=` and their ONBUILD
/// forms. Stage names, stage indexes and `scratch` are not images.
struct StageWalker {
    /// One build stage: a FROM and the instructions after it.
    private struct Stage {
        /// Lowercased `AS` name.
        var name: String?
        /// `stage <name>` or `stage <index>`.
        var context: String
        var scope: ArgScope
        /// The language RUN commands are written in (`SHELL ["powershell", …]` makes it PowerShell).
        var dialect: ScriptDialect = .shell
    }

    /// Where a `--from`-like value appears, which decides how it is read.
    private struct SourceUse {
        var kind: String
        var line: Int
        var context: String?
        var scope: ArgScope
        /// `COPY --from=1` names stage 1; a mount's `from=1` is an image called `1` (BuildKit).
        var acceptsStageIndex: Bool
        /// In an ONBUILD trigger, stage names and indexes belong to the later build.
        var isTrigger: Bool
    }

    /// Warnings kept per file; a file that is not a Dockerfile at all would otherwise give one per line.
    static let maxWarnings = 100
    /// Bindings all stages of one file may copy from their parents in total.
    static let maxInheritedBindings = 1_000_000

    private let lexed: DockerfileLexer.Output
    private var escapeToken: Unicode.Scalar { lexed.escapeToken }
    /// Every stage name in the file (lowercased) with the index of its first stage, for `--from`
    /// values, which may name any stage of the file.
    private let stageIndexByName: [String: Int]
    private let stageCount: Int
    private let budget = ExpansionBudget()
    /// The file's extraction budget: each instruction costs a step per byte of its arguments (lexing
    /// is a single pass over the lines and is not counted).
    private let work: ExtractionBudget

    private var global = ArgScope.global()
    /// The global scope's declared names, fixed once the first FROM is reached.
    private var globalNames: Set<String>?
    private var stages: [Stage] = []
    /// Names of the stages read so far (lowercased), with the index of the first one so named.
    private var earlierStageIndexByName: [String: Int] = [:]
    /// How many more bindings stages may copy from their parent stages: chains of stages each built
    /// FROM the previous one would otherwise copy quadratically many.
    private var inheritanceAllowance = StageWalker.maxInheritedBindings
    /// Set once the allowance is used up; later stages start empty.
    private var inheritanceExhausted = false
    private var references: [ReferenceFact] = []
    private var warnings: [ExtractionWarning] = []
    /// What the current stage downloads, judged once the stage ends.
    private var downloads = StageDownloads()

    init(lexed: DockerfileLexer.Output, budget: ExtractionBudget = ExtractionBudget()) {
        self.lexed = lexed
        self.work = budget
        var names: [String: Int] = [:]
        var count = 0
        for instruction in lexed.instructions where instruction.keyword == "from" {
            let words = DockerfileWords.fields(instruction.arguments)
            if let name = Self.stageName(in: words, template: lexed.template != nil), names[name] == nil {
                names[name] = count
            }
            count += 1
        }
        self.stageIndexByName = names
        self.stageCount = count
    }

    /// The facts of the whole file.
    mutating func walk() -> FileFacts {
        if let syntax = lexed.syntax {
            references.append(ReferenceFact(line: syntax.line, kind: "dockerfile/syntax", context: nil,
                                            raw: syntax.image, value: .literal(syntax.image)))
        }
        for instruction in lexed.instructions {
            let bodies = instruction.heredocBodies.reduce(0) { $0 + $1.text.utf8.count }
            guard work.spend(1 + instruction.arguments.utf8.count + bodies, line: instruction.line) else { break }
            visit(instruction)
        }
        finishStageDownloads()
        if let template = lexed.template {
            // A template's lines are the engine's input: one warning says so, not one per line.
            return FileFacts(references: references, warnings: [DockerfileTemplate.warning(template)])
        }
        var allWarnings = (lexed.warnings + warnings).enumerated().sorted {
            ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
        }.map(\.element)
        if allWarnings.count > Self.maxWarnings {
            let dropped = allWarnings.count - Self.maxWarnings
            allWarnings.removeLast(dropped)
            allWarnings.append(ExtractionWarning(message: "\(dropped.counted("more warning")) not shown (is this file a Dockerfile?)"))
        }
        return FileFacts(references: references, warnings: allWarnings)
    }

    // MARK: - Instructions

    private mutating func visit(_ instruction: DockerfileInstruction) {
        let keyword = instruction.keyword
        guard DockerfileInstruction.knownKeywords.contains(keyword) else {
            // In a template this is the engine's own syntax (`{{if …}}`, `else:COPY …`): not read.
            if lexed.template == nil { warn(instruction.line, "unknown instruction \(instruction.writtenKeyword)") }
            return
        }
        if stages.isEmpty && keyword != "from" && keyword != "arg" {
            warn(instruction.line, "\(instruction.writtenKeyword.uppercased()) comes before the first FROM, where only ARG is allowed")
        }
        switch keyword {
        case "from": visitFrom(instruction)
        case "arg": visitArg(instruction)
        case "env": visitEnv(instruction)
        case "copy": visitCopy(instruction, kind: "dockerfile/copy-from", isTrigger: false)
        case "run":
            visitRun(instruction, kind: "dockerfile/run-mount-from", isTrigger: false)
            readDownloads(of: instruction)
        case "add": visitAdd(instruction)
        case "shell": visitShell(instruction)
        case "onbuild": visitOnbuild(instruction)
        default: break
        }
    }

    private mutating func visitFrom(_ instruction: DockerfileInstruction) {
        finishStageDownloads()
        let index = stages.count
        let words = DockerfileWords.fields(instruction.arguments)
        let name = Self.stageName(in: words, template: lexed.template != nil)
        if words.isEmpty {
            warn(instruction.line, "FROM needs an image or stage name")
        } else if words.count != 1 && name == nil {
            warn(instruction.line, "FROM takes an image, optionally followed by AS <name>, but has \(words.count.counted("word")): \(instruction.arguments)")
        }
        let writtenName = lexed.template == nil ? words.last : DockerfileTemplate.stageName(in: words)
        if let name, let written = writtenName {
            if !Self.isValidStageName(name) {
                warn(instruction.line, "invalid stage name \"\(written)\": it must start with a letter and hold only letters, digits, '-', '_' and '.'")
            }
            if let first = stageIndexByName[name], first != index {
                warn(instruction.line, "stage name \"\(written)\" is already used by stage \(first)")
            }
        }
        for flag in instruction.flags {
            let flagName = DockerfileWords.flagParts(flag).name
            if flagName != "platform" {
                warn(instruction.line, "unknown flag --\(flagName) on FROM (only --platform is allowed)")
            }
        }
        let context = "stage \(name.flatMap { _ in writtenName } ?? String(index))"
        var parent: ArgScope?
        var parentDialect = ScriptDialect.shell
        if let base = words.first, let parentIndex = recordBase(base, line: instruction.argumentsLine, context: context) {
            parent = stages[parentIndex].scope
            parentDialect = stages[parentIndex].dialect
        }
        if let inherited = parent, !inheritanceExhausted {
            inheritanceAllowance -= inherited.count
            if inheritanceAllowance < 0 {
                inheritanceExhausted = true
                parent = nil
                warn(instruction.line, "too many variables are inherited from stage to stage; from here on stages do not inherit them")
            }
        } else {
            parent = nil
        }
        let names = globalNames ?? global.declaredNames
        globalNames = names
        if let name, earlierStageIndexByName[name] == nil {
            earlierStageIndexByName[name] = index
        }
        stages.append(Stage(name: name, context: context, scope: .stage(parent: parent, globalNames: names),
                            dialect: parentDialect))
    }

    /// Records the image a FROM names, or returns the index of the earlier stage it names.
    private mutating func recordBase(_ base: String, line: Int, context: String) -> Int? {
        let raw = DockerfileWords.unquoted(base)
        if let placeholder = templatePlaceholder(raw: raw, scope: global) {
            references.append(ReferenceFact(line: line, kind: "dockerfile/from", context: context, raw: raw,
                                            value: placeholder))
            return nil
        }
        switch global.expand(base, escapeToken: escapeToken, budget: budget) {
        case .text(let image):
            if image == "scratch" { return nil }
            if let parent = earlierStageIndexByName[image.lowercased()] { return parent }
            if image.isEmpty {
                warn(line, "FROM \(raw) expands to an empty image name")
            }
            references.append(ReferenceFact(line: line, kind: "dockerfile/from", context: context,
                                            raw: raw, value: .literal(image)))
        case .unresolved(let reason):
            references.append(ReferenceFact(line: line, kind: "dockerfile/from", context: context,
                                            raw: raw, value: .unresolved(reason: reason)))
        case .failed(let error):
            warn(line, "FROM \(raw): \(error.message)")
            references.append(ReferenceFact(line: line, kind: "dockerfile/from", context: context,
                                            raw: raw, value: .unresolved(reason: Self.reason(for: error))))
        }
        return nil
    }

    private mutating func visitArg(_ instruction: DockerfileInstruction) {
        let words = DockerfileWords.shellWords(instruction.arguments, escapeToken: escapeToken)
        if words.isEmpty {
            warn(instruction.line, "ARG needs at least one name")
        }
        for word in words {
            let (name, value) = Self.splitAssignment(word)
            guard !name.isEmpty else {
                warn(instruction.line, "ARG \(word) has no name")
                continue
            }
            let problem: String?
            if stages.isEmpty {
                problem = global.declareArgument(name, defaultValue: value, global: nil,
                                                 escapeToken: escapeToken, budget: budget)
            } else {
                problem = stages[stages.count - 1].scope.declareArgument(
                    name, defaultValue: value, global: global, escapeToken: escapeToken, budget: budget)
            }
            if let problem { warn(instruction.line, "ARG: \(problem)") }
        }
    }

    private mutating func visitEnv(_ instruction: DockerfileInstruction) {
        guard !stages.isEmpty else { return }
        let words = DockerfileWords.shellWords(instruction.arguments, escapeToken: escapeToken)
        guard let first = words.first else {
            warn(instruction.line, "ENV needs a name and a value")
            return
        }
        var assignments: [(String, String)] = []
        if !first.contains("=") {
            // Legacy `ENV name value…`: the value is the rest of the line.
            let scalars = Array(instruction.arguments.unicodeScalars)
            guard let gap = scalars.firstIndex(where: DockerfileWords.isFieldSeparator) else {
                warn(instruction.line, "ENV \(first) needs a value")
                return
            }
            var valueStart = gap
            while valueStart < scalars.count, DockerfileWords.isFieldSeparator(scalars[valueStart]) { valueStart += 1 }
            assignments.append((DockerfileWords.string(scalars[..<gap]), DockerfileWords.string(scalars[valueStart...])))
        } else {
            for word in words {
                let (name, value) = Self.splitAssignment(word)
                guard let value else {
                    warn(instruction.line, "ENV \(word) is not of the form name=value")
                    continue
                }
                assignments.append((name, value))
            }
        }
        for (name, value) in assignments {
            if let problem = stages[stages.count - 1].scope.setEnvironment(
                name, value: value, escapeToken: escapeToken, budget: budget) {
                warn(instruction.line, "ENV: \(problem)")
            }
        }
    }

    private mutating func visitCopy(_ instruction: DockerfileInstruction, kind: String, isTrigger: Bool) {
        let values = instruction.flagValues(named: "from")
        guard let last = values.last else { return }
        if values.count > 1 {
            warn(instruction.line, "COPY has \(values.count) --from flags; only the last counts")
        }
        guard let raw = last else {
            warn(instruction.line, "COPY --from needs a value: --from=<stage or image>")
            return
        }
        guard !raw.isEmpty else { return }
        // The line of the last `--from=` (the one that counts), where its image text is written.
        let needles = values.map { (prefix: "--from=", value: $0 ?? "") }
        let line = instruction.flagLines(of: needles).last ?? instruction.line
        recordSource(raw, use: sourceUse(kind: kind, line: line, acceptsStageIndex: true, isTrigger: isTrigger))
    }

    private mutating func visitRun(_ instruction: DockerfileInstruction, kind: String, isTrigger: Bool) {
        var sources: [String] = []
        for value in instruction.flagValues(named: "mount") {
            guard let value else {
                warn(instruction.line, "RUN --mount needs a value: --mount=type=…,from=…")
                continue
            }
            let fields: [String]
            do {
                fields = try DockerfileWords.commaSeparatedFields(value)
            } catch {
                warn(instruction.line, "RUN --mount=\(value) is malformed: \(error.message)")
                continue
            }
            var from: String?
            for field in fields {
                let (key, fieldValue) = Self.splitAssignment(field)
                if key.lowercased() == "from", let fieldValue { from = fieldValue }
            }
            guard let from, !from.isEmpty else { continue }
            sources.append(from)
        }
        // Each `from=` value's own line, found in one forward pass over the flags.
        let lines = instruction.flagLines(of: sources.map { (prefix: "from=", value: $0) })
        for (from, line) in zip(sources, lines) {
            recordSource(from, use: sourceUse(kind: kind, line: line, acceptsStageIndex: false, isTrigger: isTrigger))
        }
    }

    private mutating func visitOnbuild(_ instruction: DockerfileInstruction) {
        guard let trigger = instruction.trigger else {
            warn(instruction.line, "ONBUILD needs an instruction to run later")
            return
        }
        switch trigger.keyword {
        case "onbuild":
            warn(instruction.line, "ONBUILD ONBUILD is not allowed")
        case "from", "maintainer":
            warn(instruction.line, "\(trigger.writtenKeyword.uppercased()) is not allowed as an ONBUILD trigger")
        case "copy":
            visitCopy(trigger, kind: "dockerfile/onbuild-copy-from", isTrigger: true)
        case "run":
            visitRun(trigger, kind: "dockerfile/onbuild-run-mount-from", isTrigger: true)
        default:
            if !DockerfileInstruction.knownKeywords.contains(trigger.keyword) {
                warn(instruction.line, "unknown instruction \(trigger.writtenKeyword) in ONBUILD")
            }
        }
    }

    // MARK: - Downloads

    /// Reads what a RUN downloads: its shell-form command line and, when they are the script it runs, its
    /// here-documents. The exec form (`RUN ["curl", …]`) is not read.
    private mutating func readDownloads(of instruction: DockerfileInstruction) {
        guard let stage = stages.last, !instruction.argumentsAreJSONArray else { return }
        let dialect = stage.dialect
        let scope = stage.scope
        let escape = escapeToken
        let budget = self.budget
        let expand: (String) -> String? = { word in
            guard word.containsByte(UInt8(ascii: "$")), case .text(let text) = scope.expand(word, escapeToken: escape, budget: budget) else { return nil }
            return text
        }
        downloads.nextInstruction()
        if !StageDownloads.mayMatter(instruction.arguments) {
            // Nothing to read on the line itself (its here-documents may still download).
        } else if dialect == .shell, let (text, firstLine) = Self.powerShellCommand(of: instruction) {
            downloads.read(script: text, dialect: .powerShell, firstLine: firstLine, budget: work, expand: expand)
        } else {
            let (text, firstLine) = Self.script(of: instruction, dialect: dialect)
            downloads.read(script: text, dialect: dialect, firstLine: firstLine, budget: work, expand: expand)
        }
        guard !instruction.heredocBodies.isEmpty, let bodyDialect = Self.heredocDialect(of: instruction, stageDialect: dialect) else { return }
        for body in instruction.heredocBodies {
            guard let language = Self.shebangDialect(body.text, otherwise: bodyDialect) else { continue }
            downloads.read(script: body.text, dialect: language, firstLine: body.firstLine, budget: work, expand: expand)
        }
    }

    /// The arguments of a RUN as the shell gets them, with a line continuation of `dialect` where the file
    /// continued a line (one per physical line passed), so the words read from it keep their lines.
    private static func script(of instruction: DockerfileInstruction, dialect: ScriptDialect) -> (String, Int) {
        // Offsets count Unicode scalars; the text is walked forward once and copied in slices.
        let scalars = instruction.text.unicodeScalars
        let count = scalars.count
        var index = scalars.startIndex
        var offset = 0
        func advance(to target: Int) -> String.UnicodeScalarView.Index {
            while offset < target, index != scalars.endIndex {
                scalars.formIndex(after: &index)
                offset += 1
            }
            return index
        }
        let start = min(instruction.argumentsOffset, count)
        let firstLine = instruction.argumentsLine
        let continuation = dialect == .powerShell ? "`\n" : "\\\n"
        var out = ""
        var position = advance(to: start)
        var previousLine = firstLine
        for piece in instruction.continuations where piece.offset > start && piece.offset <= count {
            let end = advance(to: piece.offset)
            out += Substring(scalars[position..<end])
            for _ in 0..<max(0, piece.line - previousLine) { out += continuation }
            previousLine = piece.line
            position = end
        }
        out += Substring(scalars[position...])
        return (out, firstLine)
    }

    /// `RUN powershell -Command $x = 1; Invoke-WebRequest …` (Windows images, whose default shell is cmd):
    /// the unquoted rest of the line after `-Command` is PowerShell, with its own quotes and backticks.
    /// A quoted command string is left to `ScriptCommandString`.
    private static func powerShellCommand(of instruction: DockerfileInstruction) -> (String, Int)? {
        let head = instruction.arguments.prefix(64).lowercased()
        guard head.contains("powershell") || head.contains("pwsh") else { return nil }
        let (text, firstLine) = script(of: instruction, dialect: .powerShell)
        let scalars = Array(text.unicodeScalars)
        var position = 0
        var line = firstLine
        func skipSpace() {
            while position < scalars.count {
                if scalars[position] == " " || scalars[position] == "\t" {
                    position += 1
                } else if scalars[position] == "`", position + 1 < scalars.count, scalars[position + 1] == "\n" {
                    position += 2
                    line += 1
                } else {
                    return
                }
            }
        }
        func word() -> String {
            let start = position
            while position < scalars.count, !DockerfileWords.isSpace(scalars[position]) { position += 1 }
            return String(String.UnicodeScalarView(scalars[start..<position])).lowercased()
        }
        skipSpace()
        var program = word()
        if let slash = program.lastIndex(where: { $0 == "/" || $0 == "\\" }) { program = String(program[program.index(after: slash)...]) }
        guard ["powershell", "powershell.exe", "pwsh", "pwsh.exe"].contains(program) else { return nil }
        // A few options may come first (`-NoProfile -ExecutionPolicy Bypass`).
        for _ in 0..<8 {
            skipSpace()
            let option = word()
            guard !option.isEmpty else { return nil }
            if option == "-command" || option == "-c" {
                skipSpace()
                guard position < scalars.count, scalars[position] != "\"", scalars[position] != "'" else { return nil }
                return (String(String.UnicodeScalarView(scalars[position...])), line)
            }
        }
        return nil
    }

    /// The language of a RUN's here-documents when they are its script: `RUN <<EOF` runs them with the
    /// stage's shell, `RUN bash -e <<EOF` with that shell; anything else (`RUN python3 <<EOF`,
    /// `RUN cat <<EOF > file`) reads them as data, and they are not read.
    private static func heredocDialect(of instruction: DockerfileInstruction, stageDialect: ScriptDialect) -> ScriptDialect? {
        let words = DockerfileWords.fields(instruction.arguments).filter { DockerfileWords.heredoc(fromWord: Array($0.unicodeScalars)) == nil }
        guard let first = words.first else { return stageDialect }
        guard words.dropFirst().allSatisfy({ $0.hasPrefix("-") }) else { return nil }
        var name = first.lowercased()
        if let slash = name.lastIndex(of: "/") { name = String(name[name.index(after: slash)...]) }
        if name.hasSuffix(".exe") { name.removeLast(4) }
        if ["sh", "bash", "zsh", "dash", "ash", "ksh"].contains(name) { return .shell }
        if ["pwsh", "powershell"].contains(name) { return .powerShell }
        return nil
    }

    /// A body's language from its `#!` line, `otherwise` without one; nil for another interpreter (`#!/usr/bin/env python3`).
    private static func shebangDialect(_ body: String, otherwise: ScriptDialect) -> ScriptDialect? {
        guard body.hasPrefix("#!") else { return otherwise }
        let line = body.prefix { $0 != "\n" }.lowercased()
        if line.contains("pwsh") || line.contains("powershell") { return .powerShell }
        for shell in ["sh", "bash", "zsh", "dash", "ash", "ksh"] where line.hasSuffix("/\(shell)") || line.contains("/\(shell) ")
            || line.hasSuffix(" \(shell)") || line.contains(" \(shell) ") {
            return .shell
        }
        return nil
    }

    /// `SHELL ["powershell", "-Command"]` makes the stage's RUN commands PowerShell; any other shell is read as
    /// a POSIX shell.
    private mutating func visitShell(_ instruction: DockerfileInstruction) {
        guard !stages.isEmpty else { return }
        guard instruction.argumentsAreJSONArray, let data = instruction.arguments.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [String], let first = array.first else {
            warn(instruction.line, "SHELL takes a JSON array of strings, e.g. SHELL [\"powershell\", \"-Command\"]")
            return
        }
        var name = first.lowercased()
        if let slash = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: slash)...]) }
        if name.hasSuffix(".exe") { name.removeLast(4) }
        stages[stages.count - 1].dialect = ["pwsh", "powershell"].contains(name) ? .powerShell : .shell
    }

    /// Records the URLs an ADD fetches; `--checksum=` or a git source pinned to a commit is checked by the builder.
    private mutating func visitAdd(_ instruction: DockerfileInstruction) {
        guard let stage = stages.last else { return }
        let words: [String]
        if instruction.argumentsAreJSONArray, let data = instruction.arguments.data(using: .utf8),
           let array = try? JSONSerialization.jsonObject(with: data) as? [String] {
            words = array
        } else {
            words = DockerfileWords.fields(instruction.arguments).map(DockerfileWords.unquoted)
        }
        guard words.count >= 2 else { return }
        let hasChecksum = instruction.flagValues(named: "checksum").contains { $0?.isEmpty == false }
        downloads.nextInstruction()
        let scalars = Array(instruction.text.unicodeScalars)
        for written in words.dropLast() {
            var url = written
            if written.contains("$"), case .text(let text) = stage.scope.expand(written, escapeToken: escapeToken, budget: budget) {
                url = text
            }
            guard StageDownloads.isURL(url) else { continue }
            let offset = Self.offset(of: written, in: scalars, from: instruction.argumentsOffset)
            downloads.addSource(written: written, url: url, line: offset.map(instruction.line(atOffset:)) ?? instruction.argumentsLine,
                                checked: hasChecksum || Self.isPinnedGitSource(url))
        }
    }

    /// `https://host/repo.git#<commit>`: a git source named by a full commit id is content-addressed.
    private static func isPinnedGitSource(_ url: String) -> Bool {
        guard let hash = url.lastIndex(of: "#") else { return false }
        let reference = url[url.index(after: hash)...].prefix { $0 != ":" }
        return (reference.count == 40 || reference.count == 64) && reference.allSatisfy(\.isHexDigit)
    }

    /// Where `needle` (its first 64 scalars) is first written in `scalars` from `start`; linear in practice.
    private static func offset(of needle: String, in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        let pattern = Array(needle.unicodeScalars.prefix(64))
        guard !pattern.isEmpty, start <= scalars.count else { return nil }
        var position = start
        while position + pattern.count <= scalars.count {
            if scalars[position] == pattern[0], scalars[position..<(position + pattern.count)].elementsEqual(pattern) { return position }
            position += 1
        }
        return nil
    }

    /// Turns the current stage's unverified downloads into facts and starts the next stage afresh.
    private mutating func finishStageDownloads() {
        defer { downloads = StageDownloads() }
        guard let stage = stages.last else { return }
        let verdicts = downloads.verdicts()
        if downloads.dropped > 0 {
            warn(downloads.downloads.last?.line ?? 0, "\(stage.context) has more than \(StageDownloads.maxDownloads) downloads or checks; \(downloads.dropped.counted("more is", plural: "more are")) not checked for unverified downloads")
        }
        for (download, verdict) in zip(downloads.downloads, verdicts) {
            let kind: String
            var how = download.tool
            switch verdict {
            case .verified, .packageManagerTrust, .text: continue
            case .unverified: kind = "dockerfile/download"
            case .pipedToShell(let shell):
                kind = "dockerfile/download-to-shell"
                how += " | \(shell)"
            }
            references.append(ReferenceFact(line: download.line, kind: kind, context: "\(stage.context): \(how)",
                                            raw: download.written, value: .literal(download.url)))
        }
    }

    // MARK: - Sources

    private func sourceUse(kind: String, line: Int, acceptsStageIndex: Bool, isTrigger: Bool) -> SourceUse {
        let scope: ArgScope = if isTrigger {
            .onbuildTrigger
        } else {
            stages.last?.scope ?? .stage(parent: nil, globalNames: [])
        }
        return SourceUse(kind: kind, line: line, context: stages.last?.context, scope: scope,
                         acceptsStageIndex: acceptsStageIndex, isTrigger: isTrigger)
    }

    /// Records a `--from`/`from=` value unless it names a stage or `scratch`.
    private mutating func recordSource(_ raw: String, use: SourceUse) {
        if let placeholder = templatePlaceholder(raw: raw, scope: use.scope) {
            references.append(ReferenceFact(line: use.line, kind: use.kind, context: use.context, raw: raw,
                                            value: placeholder))
            return
        }
        let value: ImageExpression
        switch use.scope.expand(raw, escapeToken: escapeToken, budget: budget) {
        case .text(let image):
            if image == "scratch" { return }
            if use.acceptsStageIndex, let index = Int(image) {
                if !use.isTrigger && !(0..<stageCount).contains(index) {
                    warn(use.line, "--from=\(raw) names stage \(index), but the file has \(stageCount) stage\(stageCount == 1 ? "" : "s")")
                }
                return
            }
            if !use.isTrigger, let index = stageIndexByName[image.lowercased()] {
                if index >= stages.count - 1 {
                    warn(use.line, "--from=\(raw) names stage \(image), which is not built before this stage")
                }
                return
            }
            if image.isEmpty {
                warn(use.line, "--from=\(raw) expands to an empty name")
            }
            value = .literal(image)
        case .unresolved(let reason):
            value = .unresolved(reason: reason)
        case .failed(let error):
            warn(use.line, "--from=\(raw): \(error.message)")
            value = .unresolved(reason: Self.reason(for: error))
        }
        references.append(ReferenceFact(line: use.line, kind: use.kind, context: use.context, raw: raw, value: value))
    }

    // MARK: - Helpers

    /// In a template, a value that holds template syntax, as written or once its build arguments are
    /// substituted (`ARG REPO={{repo}}` then `FROM $REPO`), has no image until the template is rendered.
    private func templatePlaceholder(raw: String, scope: ArgScope) -> ImageExpression? {
        guard lexed.template != nil else { return nil }
        if DockerfileTemplate.contains(raw) { return .unresolved(reason: DockerfileTemplate.unresolvedReason) }
        if case .text(let expanded) = scope.expand(raw, escapeToken: escapeToken, budget: budget),
           DockerfileTemplate.contains(expanded) {
            return .unresolved(reason: DockerfileTemplate.unresolvedReason)
        }
        return nil
    }

    /// The unresolved reason of a reference whose text cannot be expanded.
    private static func reason(for error: DockerfileSyntaxError) -> String {
        switch error {
        case .malformedExpression(let message): "malformed expression: \(message)"
        case .expansionTooLarge(let message), .malformedMountOptions(let message): message
        }
    }

    private mutating func warn(_ line: Int, _ message: String) {
        warnings.append(ExtractionWarning(line: line, message: message))
    }

    /// The lowercased stage name of `FROM image AS name` (in a template, the name may run into
    /// template syntax: see `DockerfileTemplate.stageName`).
    private static func stageName(in words: [String], template: Bool) -> String? {
        if template { return DockerfileTemplate.stageName(in: words)?.lowercased() }
        guard words.count == 3, words[1].lowercased() == "as" else { return nil }
        return words[2].lowercased()
    }

    /// BuildKit's rule for stage names: `^[a-z][a-z0-9-_.]*$` after lowercasing.
    private static func isValidStageName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, ("a"..."z").contains(first) else { return false }
        return scalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// `name=value` cut at the first `=`; the value is `nil` without one.
    private static func splitAssignment(_ word: String) -> (String, String?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }
}
