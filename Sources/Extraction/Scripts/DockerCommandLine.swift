/// Reads one `docker`/`podman` command line the way the CLI parses it and finds the images it names:
/// the image of `run`/`create`/`pull` (the first argument after the options), and for `build` the
/// names given with `-t` (a local build) and `--build-arg` values that are images (they feed a `FROM`).
///
/// Options are skipped by knowing which of them take a value (`-e VAL`, `--env VAL`, `--env=VAL`,
/// `-it`, `-dp 80:80`); `--` ends the options. An option census does not know makes the image position
/// unknowable, so the usage is reported unresolved rather than guessed.
enum DockerCommandLine {
    /// One image a command line names, before its variables are resolved.
    struct Usage {
        /// `script/docker-run`, `script/docker-pull`, `script/docker-build-arg`, `script/build-tag`, …
        var kind: String
        /// The command as written (`docker run`, `podman image pull`, `docker build --build-arg BASE`).
        var context: String
        /// The word naming the image.
        var word: ScriptWord
        /// Set when the image position cannot be known (an option census does not know).
        var unknowable: String?
        /// Set for `--build-arg` values, which count only when their value is an image by the strict test.
        var needsStrictImage = false
        /// The `--build-arg` name (`BASE_IMAGE` of `--build-arg BASE_IMAGE=…`).
        var buildArgName: String?
    }

    /// The images of the whole `script` text: commands are read in order, and variables assigned earlier
    /// in the script (`IMAGE=…`, `export IMAGE=…`, PowerShell `$Image = '…'`) resolve later uses; anything
    /// else is unresolved with a reason. `variables` are values known before the script starts (a CI
    /// step's pipeline variables); `firstLine` is the line of the script's first line in its file.
    /// CI extractors read their `script:`/`run:`/`bash:`/`pwsh:` steps through `CIScriptStep`, which masks
    /// the CI's own expressions first and calls `scan`.
    static func images(in script: String, dialect: ScriptDialect, firstLine: Int = 1,
                       variables: [String: String] = [:], budget: ExtractionBudget) -> [ReferenceFact] {
        var table = ScriptVariables(dialect: dialect)
        for (name, value) in variables { table.define(name, value: value) }
        return scan(script, dialect: dialect, firstLine: firstLine, variables: &table, budget: budget).references
    }

    /// The facts of `script` (references and warnings), updating `variables` as assignments are read.
    /// `depth` counts the command strings (`bash -c "…"`, see `ScriptCommandString`) `script` is inside.
    static func scan(_ script: String, dialect: ScriptDialect, firstLine: Int, variables: inout ScriptVariables,
                     budget: ExtractionBudget, depth: Int = 0) -> FileFacts {
        var collector = FactCollector()
        for command in ScriptLexer.commands(in: script, dialect: dialect, firstLine: firstLine, budget: budget) {
            if command.truncated, let first = command.words.first {
                collector.warn(line: first.line, "command has more than \(ScriptLexer.maxWordsPerCommand) words; the rest is not read")
            }
            if variables.assign(command) { continue }
            let found = usages(in: command.words, variables: variables)
            for usage in found {
                record(usage, variables: variables, into: &collector)
            }
            if found.isEmpty, depth < ScriptCommandString.maxDepth, let string = ScriptCommandString.of(command, dialect: dialect) {
                // The string's own assignments stay in the shell that runs it; a child shell sees only
                // what the parent expanded into the string.
                var inner = string.dialect != dialect ? ScriptVariables(dialect: string.dialect)
                    : string.childKeys.map { variables.keeping($0) } ?? variables
                let facts = scan(string.text, dialect: string.dialect, firstLine: string.line, variables: &inner,
                                 budget: budget, depth: depth + 1)
                for fact in facts.references {
                    collector.add(kind: fact.kind, line: fact.line, context: "\(string.runner): \(fact.context ?? "")",
                                  raw: fact.raw, value: fact.value)
                }
                for warning in facts.warnings { collector.warn(line: warning.line, warning.message) }
            }
        }
        return collector.facts
    }

    private static func record(_ usage: Usage, variables: ScriptVariables, into collector: inout FactCollector) {
        let raw = usage.word.raw
        if let reason = usage.unknowable {
            collector.add(kind: usage.kind, line: usage.word.line, context: usage.context, raw: raw, value: .unresolved(reason: reason))
            return
        }
        switch variables.resolve(usage.word) {
        case .value(let image):
            if usage.needsStrictImage && !StrictImageValue.isImage(image, name: usage.buildArgName ?? "")
                && !isPipelineImage(image, argument: usage.buildArgName) { return }
            guard !image.isEmpty else { return }
            collector.add(kind: usage.kind, line: usage.word.line, context: usage.context, raw: raw, value: .literal(image))
        case .unresolved(let reason):
            // A build argument is an image only by its value; unknown values are not claimed as images.
            if usage.needsStrictImage { return }
            collector.add(kind: usage.kind, line: usage.word.line, context: usage.context, raw: raw, value: .unresolved(reason: reason))
        }
    }

    /// Whether a build argument's value is a CI expression only the pipeline resolves (`IMAGE=$(image)`,
    /// masked by `CIScriptStep`) and the argument's name says it holds an image: `*IMAGE*`, `*IMG`, `BASE`.
    /// The value is kept for the CI extractor to resolve; `CONFIG=$(configuration)` is not an image.
    static func isPipelineImage(_ text: String, argument: String?) -> Bool {
        guard let argument, text.contains(CIScriptStep.tokenPrefix) else { return false }
        let name = argument.uppercased()
        return name.contains("IMAGE") || name.hasSuffix("IMG") || name == "BASE"
    }

    // MARK: Recognizing the command

    /// The images named by one command's words.
    /// `variables` tell whether an unquoted variable at the image's place holds the image or options.
    static func usages(in words: [ScriptWord], variables: ScriptVariables? = nil) -> [Usage] {
        var position = 0
        // Prefixes that run the next word as the command.
        while position < words.count, let text = words[position].literal {
            if isAssignmentWord(words[position]) || commandPrefixes.contains(text) {
                position += 1
            } else if text == "sudo" {
                position += 1
                while position < words.count, let option = words[position].literal, option.hasPrefix("-") {
                    position += ["-u", "-g", "-C", "-h", "-p"].contains(option) ? 2 : 1
                }
            } else {
                break
            }
        }
        // The program may be a variable the file assigns (`DOCKER=podman`, make's `DOCKER := docker`).
        guard position < words.count, let program = words[position].literal ?? knownValue(words[position], variables),
              let tool = tool(named: program) else { return [] }
        var contextWords = [program]
        position += 1
        guard let afterGlobals = skipOptions(words, from: position, options: tool == "podman" ? podmanGlobal : dockerGlobal),
              afterGlobals < words.count, var subcommand = words[afterGlobals].literal else { return [] }
        position = afterGlobals + 1
        contextWords.append(subcommand)
        switch subcommand {
        case "container", "image", "buildx", "builder":
            let group = subcommand
            guard let next = skipOptions(words, from: position, options: group == "buildx" ? buildxGroup : OptionTable()),
                  next < words.count, let inner = words[next].literal else { return [] }
            let allowed: Set<String> = switch group {
            case "container": ["run", "create"]
            case "image": ["pull", "build"]
            default: ["build"]
            }
            guard allowed.contains(inner) else { return [] }
            subcommand = inner
            contextWords.append(inner)
            position = next + 1
        default:
            break
        }
        let context = contextWords.joined(separator: " ")
        // podman takes docker's command line, so both share the kinds; the context names the tool.
        let kindPrefix = "script/docker-"
        switch subcommand {
        case "run", "create":
            return imageArgument(words, from: position, options: tool == "podman" ? podmanRun : dockerRun,
                                 kind: kindPrefix + subcommand, context: context, variables).map { [$0] } ?? []
        case "pull":
            return imageArgument(words, from: position, options: pull,
                                 kind: kindPrefix + "pull", context: context, variables).map { [$0] } ?? []
        case "build":
            return buildUsages(words, from: position, kindPrefix: kindPrefix, context: context)
        default:
            return []
        }
    }

    /// Words that run the next word as the command (`sudo`, with its options, is read apart).
    private static let commandPrefixes: Set<String> = [
        "if", "elif", "while", "until", "then", "do", "else", "{", "!", "exec", "command", "time", "nohup", "env",
    ]

    /// The last `/`-separated component of `text`, as `text.split(separator: "/").last` reads it
    /// (trailing slashes ignored); `text` itself when it has none, without splitting.
    static func lastPathComponent(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "/")) else { return text }
        return text.split(separator: "/").last.map(String.init) ?? text
    }

    /// The value of `word` when `variables` know it.
    private static func knownValue(_ word: ScriptWord, _ variables: ScriptVariables?) -> String? {
        guard case .value(let value)? = variables?.resolve(word) else { return nil }
        return value
    }

    /// `docker`/`podman` when `program` runs one of them (a path or `.exe` allowed).
    private static func tool(named program: String) -> String? {
        switch lastPathComponent(program).lowercased() {
        case "docker", "docker.exe": return "docker"
        case "podman", "podman.exe": return "podman"
        default: return nil
        }
    }

    /// `NAME=value`: an assignment written before a command, which sets its environment.
    static func isAssignmentWord(_ word: ScriptWord) -> Bool {
        let text = word.leadingText
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return false }
        return text[..<equals].unicodeScalars.allSatisfy(ScriptLexer.isNameCharacter)
            && text.unicodeScalars.first.map(ScriptLexer.isNameStart) == true
    }

    /// The position after the options starting at `from`, or `nil` when one of them is not known
    /// (its value could be taken for the next word) or asks for help.
    private static func skipOptions(_ words: [ScriptWord], from: Int, options: OptionTable) -> Int? {
        var position = from
        while position < words.count {
            let text = words[position].leadingText
            guard text.hasPrefix("-"), text != "-" else { return position }
            switch options.step(text) {
            case .flag: position += 1
            case .valueFollows: position += 2
            case .endOfOptions: return position + 1
            case .help, .unknown: return nil
            }
        }
        return position
    }

    /// The first argument after the options of `run`/`create`/`pull`, the image.
    private static func imageArgument(_ words: [ScriptWord], from: Int, options: OptionTable,
                                      kind: String, context: String, _ variables: ScriptVariables?) -> Usage? {
        var position = from
        while position < words.count {
            let word = words[position]
            let text = word.leadingText
            guard text.hasPrefix("-"), text != "-" else {
                return Usage(kind: kind, context: context, word: word, unknowable: bareVariableDoubt(words, at: position, variables))
            }
            switch options.step(text) {
            case .flag: position += 1
            case .valueFollows: position += 2
            case .endOfOptions:
                return position + 1 < words.count ? Usage(kind: kind, context: context, word: words[position + 1]) : nil
            case .help: return nil
            case .unknown(let option):
                // The image is somewhere after this option, but where depends on whether it takes a value.
                guard let next = words[(position + 1)...].first(where: { !$0.leadingText.hasPrefix("-") }) else { return nil }
                return Usage(kind: kind, context: context, word: next, unknowable:
                    "`\(context)` option \(option) is not known to census; the image argument cannot be told apart")
            }
        }
        return nil
    }

    /// Why the unquoted variable at `position` may not be the image: the shell splits its value into words,
    /// so a value holding options (`DOCKER_OPTS="--rm -it"`) moves the image to a later word. A variable with a
    /// known one-word value is the image; an unknown one is too, unless another unquoted variable follows
    /// (`$OPTS $IMAGE` or `$IMAGE $CMD` cannot be told apart).
    private static func bareVariableDoubt(_ words: [ScriptWord], at position: Int, _ variables: ScriptVariables?) -> String? {
        let word = words[position]
        guard word.isBareVariable else { return nil }
        if case .value(let value)? = variables?.resolve(word) {
            guard value.hasPrefix("-") || value.contains(" ") || value.contains("\t") else { return nil }
            return "\(word.raw) holds several words or options (\(value)); the image argument cannot be told apart"
        }
        guard position + 1 < words.count else { return nil }
        let next = words[position + 1]
        // `docker run $FLAGS -v a:b image` and `docker run $IMAGE -c config` read alike: either may be meant.
        if next.leadingText.hasPrefix("-") {
            return "\(word.raw) is followed by options: it may hold options or be the image; the image cannot be told apart"
        }
        guard next.isBareVariable, knownValue(next, variables) == nil else { return nil }
        return "\(word.raw) and \(next.raw) may each hold options or the image; the image cannot be told apart"
    }

    /// `build`: its `-t` names (local builds) and `--build-arg NAME=image` values (strict images).
    private static func buildUsages(_ words: [ScriptWord], from: Int, kindPrefix: String, context: String) -> [Usage] {
        var out: [Usage] = []
        var position = from
        while position < words.count {
            let word = words[position]
            let text = word.leadingText
            position += 1
            guard text.hasPrefix("-"), text != "-" else { continue }
            if text == "--" { break }
            if text == "--help" || text == "-h" { return [] }
            let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            let valueWord: ScriptWord?
            if name == "-t" || name == "--tag" || name == "--build-arg" {
                if text.count > name.count, let equals = text.firstIndex(of: "=") {
                    valueWord = word.dropping(prefix: text.distance(from: text.startIndex, to: equals) + 1)
                } else if position < words.count {
                    valueWord = words[position]
                    position += 1
                } else {
                    valueWord = nil
                }
            } else if text.hasPrefix("-t"), !text.hasPrefix("--") {
                valueWord = word.dropping(prefix: 2)
            } else {
                // Other options: skip the value of those known to take one; an unknown one is read as a
                // flag, which at worst reads its value as a word that is not `-t`/`--build-arg`.
                if !text.contains("="), buildValueOptions.contains(name) { position += 1 }
                continue
            }
            guard let valueWord else { continue }
            if name == "--build-arg" {
                let argument = valueWord.leadingText
                guard let equals = argument.firstIndex(of: "=") else { continue }
                let argumentName = String(argument[..<equals])
                let image = valueWord.dropping(prefix: argument.distance(from: argument.startIndex, to: equals) + 1)
                out.append(Usage(kind: kindPrefix + "build-arg", context: "\(context) --build-arg \(argumentName)",
                                 word: image, needsStrictImage: true, buildArgName: argumentName))
            } else {
                // `what` is `build-tag`, so the policy reads it as a local build (see `ReferenceRole`).
                out.append(Usage(kind: "script/build-tag", context: "\(context) -t", word: valueWord))
            }
        }
        return out
    }
}

extension ScriptWord {
    /// The word without its first `count` characters, which lie in its leading text (`--tag=` of `--tag=x`).
    func dropping(prefix count: Int) -> ScriptWord {
        var rest = self
        rest.isBareVariable = false
        var remaining = count
        while remaining > 0, case .text(let text)? = rest.segments.first {
            rest.segments.removeFirst()
            if text.count > remaining {
                rest.segments.insert(.text(String(text.dropFirst(remaining))), at: 0)
                remaining = 0
            } else {
                remaining -= text.count
            }
        }
        if rest.segments.isEmpty { rest.segments = [.text("")] }
        return rest
    }
}
