import Foundation

/// One instruction of a Dockerfile: a logical line (continuations joined) cut into its keyword,
/// builder flags and arguments, with the line it starts on.
struct DockerfileInstruction: Hashable, Sendable {
    /// 1-based line where the instruction starts.
    var line: Int
    /// The instruction word, lowercased (`from`, `copy`, …).
    var keyword: String
    /// The instruction word as written, for messages.
    var writtenKeyword: String
    /// Builder flags as written after quote removal, e.g. `--from=build`.
    var flags: [String]
    /// Everything after the flags, trimmed.
    var arguments: String

    /// The instructions BuildKit knows.
    static let knownKeywords: Set<String> = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
        "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]

    /// Cuts a logical line.
    init(parsing text: String, line: Int) {
        let parts = DockerfileWords.splitCommand(text)
        self.line = line
        self.writtenKeyword = parts.command
        self.keyword = parts.command.lowercased()
        self.flags = parts.flags
        self.arguments = parts.arguments
    }

    /// The instruction an `ONBUILD` wraps (`ONBUILD COPY --from=x …` gives the COPY).
    ///
    /// Only one level is unwrapped: `ONBUILD ONBUILD` is not allowed (BuildKit refuses it), so a trigger
    /// that is itself an ONBUILD is reported and never parsed further. Unwrapping level after level
    /// would re-parse the rest of the line each time, quadratic in a line of thousands of ONBUILDs.
    var trigger: DockerfileInstruction? {
        guard keyword == "onbuild", !arguments.isEmpty else { return nil }
        return DockerfileInstruction(parsing: arguments, line: line)
    }

    /// Whether here-documents in this instruction's line are read (RUN, COPY and ADD in shell form,
    /// also behind one ONBUILD).
    var canContainHeredoc: Bool {
        let instruction = keyword == "onbuild" ? trigger : self
        guard let instruction else { return false }
        let keyword = instruction.keyword
        guard keyword == "run" || keyword == "copy" || keyword == "add" else { return false }
        return !instruction.argumentsAreJSONArray
    }

    /// Whether the arguments are the exec (JSON array of strings) form.
    var argumentsAreJSONArray: Bool {
        guard arguments.hasPrefix("["), arguments.hasSuffix("]"),
              let data = arguments.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else { return false }
        return array.allSatisfy { $0 is String }
    }

    /// The values of every `--name=` flag, in order; a flag without `=` gives `nil`.
    func flagValues(named name: String) -> [String?] {
        flags.compactMap { flag in
            let parts = DockerfileWords.flagParts(flag)
            return parts.name == name ? .some(parts.value) : nil
        }
    }
}
