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
    /// The logical line as lexed (continuations joined), kept to find the physical line of a word.
    var text: String
    /// Where `arguments` starts in `text`, in Unicode scalars.
    var argumentsOffset: Int
    /// The physical lines after the first that the logical line continues onto, in order.
    var continuations: [Continuation]

    /// The bodies of a RUN's here-documents, in order (other instructions keep none).
    var heredocBodies: [HeredocBody] = []

    /// The text of one here-document, between its opening line and its terminator.
    struct HeredocBody: Hashable, Sendable {
        /// The delimiter word (`EOF`).
        var name: String
        /// 1-based line of the body's first line.
        var firstLine: Int
        /// The body's lines joined with `\n`, without the terminator.
        var text: String
    }

    /// A physical line joined into a logical line: where its text starts in the logical line.
    struct Continuation: Hashable, Sendable {
        /// Offset in the logical line, in Unicode scalars.
        var offset: Int
        /// 1-based line number in the file.
        var line: Int
    }

    /// The instructions BuildKit knows.
    static let knownKeywords: Set<String> = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
        "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]

    /// Cuts a logical line; `continuations` say where its physical lines after the first start.
    init(parsing text: String, line: Int, continuations: [Continuation] = []) {
        let parts = DockerfileWords.splitCommand(text)
        self.line = line
        self.writtenKeyword = parts.command
        self.keyword = parts.command.lowercased()
        self.flags = parts.flags
        self.arguments = parts.arguments
        self.text = text
        self.argumentsOffset = parts.argumentsOffset
        self.continuations = continuations
    }

    /// The physical line holding the scalar at `offset` of the logical line.
    func line(atOffset offset: Int) -> Int {
        // Binary search: continuations are sorted by offset.
        var low = 0
        var high = continuations.count
        while low < high {
            let middle = (low + high) / 2
            if continuations[middle].offset <= offset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? line : continuations[low - 1].line
    }

    /// The physical line where the arguments (the image of a FROM) start.
    var argumentsLine: Int { line(atOffset: argumentsOffset) }

    /// The physical lines where the values of `needles` (`--from=` then `img:1`, in the order the flags
    /// are written) start in the flags. A needle not written as is (quotes or escapes inside it) gets the
    /// instruction's line, and so do the needles after it. One forward pass over the flags.
    func flagLines(of needles: [(prefix: String, value: String)]) -> [Int] {
        guard !continuations.isEmpty else { return needles.map { _ in line } }
        let haystack = Array(text.unicodeScalars.prefix(argumentsOffset))
        var lines: [Int] = []
        var position = 0
        var lost = false
        for needle in needles {
            // At most the value's first 64 scalars are compared, so each position costs a bounded check
            // and the search stays linear in the flags.
            let pattern = Array(needle.prefix.unicodeScalars) + Array(needle.value.unicodeScalars.prefix(64))
            let prefixLength = needle.prefix.unicodeScalars.count
            var found: Int?
            while !lost, !pattern.isEmpty, position + pattern.count <= haystack.count {
                if haystack[position..<(position + pattern.count)].elementsEqual(pattern) {
                    found = position + pattern.count
                    break
                }
                position += 1
            }
            if let found {
                // The value's first scalar is where the image text is written.
                lines.append(line(atOffset: found - pattern.count + prefixLength))
                position = found
            } else {
                lost = true
                lines.append(line)
            }
        }
        return lines
    }

    /// The instruction an `ONBUILD` wraps (`ONBUILD COPY --from=x …` gives the COPY).
    ///
    /// Only one level is unwrapped: `ONBUILD ONBUILD` is not allowed (BuildKit refuses it), so a trigger
    /// that is itself an ONBUILD is reported and never parsed further. Unwrapping level after level
    /// would re-parse the rest of the line each time, quadratic in a line of thousands of ONBUILDs.
    var trigger: DockerfileInstruction? {
        guard keyword == "onbuild", !arguments.isEmpty else { return nil }
        // The trigger's text starts at the arguments: its continuations move by that offset.
        let shifted = continuations.compactMap { piece -> Continuation? in
            piece.offset > argumentsOffset ? Continuation(offset: piece.offset - argumentsOffset, line: piece.line) : nil
        }
        return DockerfileInstruction(parsing: arguments, line: argumentsLine, continuations: shifted)
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
