/// A command line a script hands as a string to something that runs it: `bash -c "docker run …"`,
/// `sh -c '…'`, `eval "…"`, `pwsh -Command "…"`, PowerShell `Invoke-Expression "…"`, and a PowerShell
/// helper given a double-quoted string that starts with `docker`/`podman` (`Invoke-WithRetry "docker pull $Image"`,
/// `Exec "docker pull $Image"`): helpers that retry or log a command run it with `Invoke-Expression`.
///
/// The string is read again as a command line, at the line its text starts on. Its text is the word with
/// the outer quotes removed, so `$IMAGE` in double quotes resolves with the variables known at that point
/// and a single-quoted `$IMAGE` is read by the inner shell from the same names. A command that prints or
/// raises the string (`echo`, `Write-Host`, `throw`, a name with `log`/`write`/`print` in it) runs nothing.
struct ScriptCommandString {
    /// The text the string holds.
    var text: String
    /// The line its text starts on.
    var line: Int
    /// The language that runs it.
    var dialect: ScriptDialect
    /// What runs it, as written (`bash -c`, `eval`, `Invoke-Expression`, `Invoke-WithRetry.ps1`).
    var runner: String
    /// For a child shell (`bash -c`), the variable keys the parent expanded into the string: the only
    /// names of the script the child is known to see. `nil` when the string runs in the script's own session.
    var childKeys: Set<String>? = nil

    /// Strings inside strings are read this many levels deep at most (`bash -c "sh -c '…'"`).
    static let maxDepth = 2

    /// Words that run the next word as the command.
    private static let runnerPrefixes: Set<String> = ["sudo", "exec", "command", "nohup", "time", "env"]
    private static let shells: Set<String> = ["sh", "bash", "zsh", "dash", "ash", "ksh"]
    private static let powerShells: Set<String> = ["pwsh", "pwsh.exe", "powershell", "powershell.exe"]
    /// Commands that print, store or raise their arguments, and keywords, which never run them.
    private static let inert: Set<String> = [
        "echo", "printf", "write-host", "write-output", "write-verbose", "write-information", "write-warning",
        "write-error", "write-debug", "write-progress", "out-host", "out-file", "set-content", "add-content",
        "throw", "return", "if", "elseif", "while", "foreach", "switch", "param", "function",
    ]
    /// Parts of a helper's name that say it reports a command rather than runs it (`Log-Command`, `Write-Step`).
    private static let inertNameParts = ["log", "write", "print", "echo", "message", "comment"]
    /// Subcommands whose images census reads (see `DockerCommandLine.usages`).
    private static let subcommands: Set<String> = ["run", "create", "pull", "build", "container", "image", "buildx"]

    /// The command string `command` runs, read in `dialect`, or `nil` when it runs none census reads.
    static func of(_ command: ScriptCommand, dialect: ScriptDialect) -> ScriptCommandString? {
        let words = command.words
        var position = 0
        while position < words.count, let text = words[position].literal,
              DockerCommandLine.isAssignmentWord(words[position]) || runnerPrefixes.contains(text) {
            position += 1
        }
        guard position < words.count else { return nil }
        let programWord = words[position]
        let program = programWord.raw
        let name = DockerCommandLine.lastPathComponent(program).lowercased()
        // Outside PowerShell only a shell, PowerShell or eval runs a string (the branches below).
        if dialect != .powerShell, name != "eval", !shells.contains(name), !powerShells.contains(name) { return nil }
        let arguments = Array(words[(position + 1)...])
        if shells.contains(name) {
            guard let string = shellCommandString(arguments) else { return nil }
            let inner: ScriptDialect = dialect == .powerShell ? .shell : dialect
            return ScriptCommandString(text: text(of: string, in: inner), line: string.line, dialect: inner, runner: "\(name) -c",
                                       childKeys: dialect == .shell ? variableKeys(of: string) : nil)
        }
        if powerShells.contains(name) {
            guard let index = arguments.firstIndex(where: { ["-command", "-c"].contains($0.literal?.lowercased() ?? "") }),
                  index + 1 < arguments.count else { return nil }
            return ScriptCommandString(text: text(of: arguments[index + 1], in: .powerShell), line: arguments[index + 1].line,
                                       dialect: .powerShell, runner: "\(name) -Command", childKeys: [])
        }
        if name == "eval", dialect != .powerShell, let first = arguments.first {
            // eval joins its arguments with spaces and runs the result.
            return ScriptCommandString(text: arguments.map { text(of: $0, in: dialect) }.joined(separator: " "), line: first.line,
                                       dialect: dialect, runner: "eval")
        }
        guard dialect == .powerShell else { return nil }
        if name == "invoke-expression" || name == "iex" {
            let rest = arguments.drop { $0.literal?.lowercased() == "-command" }
            guard let first = rest.first else { return nil }
            return ScriptCommandString(text: text(of: first, in: .powerShell), line: first.line, dialect: .powerShell,
                                       runner: "Invoke-Expression")
        }
        guard !inert.contains(name), !inertNameParts.contains(where: { name.containsBytes(of: $0) }) else { return nil }
        // A helper: the first double-quoted argument that starts with `docker <subcommand>`.
        guard let string = arguments.first(where: { $0.openingQuote == "\"" && startsWithDockerCommand($0.raw) }) else {
            return nil
        }
        // The helper's own name: its folder is often a variable (`$PSScriptRoot/Invoke-WithRetry.ps1`).
        let helper = program.split(separator: "/").last.map(String.init) ?? program
        return ScriptCommandString(text: text(of: string, in: .powerShell), line: string.line, dialect: .powerShell, runner: helper)
    }

    /// The text `word` hands over, quotes removed, with a line continuation of `dialect` where the script
    /// continued a quoted line, so the commands read from it keep the file's line numbers.
    private static func text(of word: ScriptWord, in dialect: ScriptDialect) -> String {
        guard !word.continuations.isEmpty else { return word.raw }
        let continuation = dialect == .powerShell ? "`\n" : "\\\n"
        var out = ""
        var breaks = word.continuations[...]
        for (index, segment) in word.segments.enumerated() {
            while let next = breaks.first, next <= index {
                out += continuation
                breaks = breaks.dropFirst()
            }
            out += segment.written
        }
        for _ in breaks { out += continuation }
        return out
    }

    /// The keys of the variables expanded in `word`.
    private static func variableKeys(of word: ScriptWord) -> Set<String> {
        Set(word.segments.compactMap { segment in
            if case .variable(let key, _, _) = segment { key } else { nil }
        })
    }

    /// The word after `-c` (alone or in a cluster such as `-ec`, `-lc`) among a shell's options.
    private static func shellCommandString(_ arguments: [ScriptWord]) -> ScriptWord? {
        var position = 0
        var readsString = false
        while position < arguments.count, let text = arguments[position].literal,
              text.hasPrefix("-") || text.hasPrefix("+"), text.count > 1 {
            position += 1
            if text == "-o" || text == "+o" || text == "-O" || text == "+O" {
                position += 1
            } else if !text.hasPrefix("--"), text.hasPrefix("-"), text.contains("c") {
                readsString = true
            }
        }
        guard readsString, position < arguments.count else { return nil }
        return arguments[position]
    }

    /// Whether `text` starts with `docker`/`podman` (a path or `.exe` allowed) and a subcommand census reads.
    static func startsWithDockerCommand(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).prefix(2)
        guard words.count == 2 else { return false }
        let tool = (words[words.startIndex].split(separator: "/").last.map(String.init) ?? "").lowercased()
        guard ["docker", "docker.exe", "podman", "podman.exe"].contains(tool) else { return false }
        return subcommands.contains(String(words[words.startIndex + 1]))
    }
}
