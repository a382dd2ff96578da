/// Turns Dockerfile text into instructions the way BuildKit's parser reads lines: BOM, CRLF, parser
/// directives, the escape character, continuation lines (with comment and blank lines inside them
/// skipped) and here-document bodies, which are never instructions.
///
/// Work is linear in the size of the text: every physical line is visited once.
enum DockerfileLexer {
    /// What lexing a file gives.
    struct Output: Sendable {
        var instructions: [DockerfileInstruction] = []
        /// The escape character in force (`\` or backtick).
        var escapeToken: Unicode.Scalar = "\\"
        /// The frontend image named by `# syntax=`, with its line.
        var syntax: (image: String, line: Int)?
        var warnings: [ExtractionWarning] = []
        /// Where the file first shows it is a template rather than a Dockerfile (`DockerfileTemplate`).
        var template: DockerfileTemplate.Marker?
    }

    /// Lexes a whole file.
    static func lex(_ text: String) -> Output {
        let lines = physicalLines(of: text)
        var output = Output()
        output.syntax = ParserDirectives.syntax(in: lines)
        var directives = ParserDirectives()
        var index = 0
        while index < lines.count {
            let startLine = index + 1
            let first = leftTrimmed(lines[index])
            index += 1
            directives.consider(first, lineNumber: startLine)
            if first.hasPrefix("#") { continue }
            let escape = directives.escapeToken
            var (logical, ended) = trimContinuation(first, escape: escape)
            if ended && logical.isEmpty { continue }
            // Where each continuation line starts in the logical line, so a word reports its own line.
            var continuations: [DockerfileInstruction.Continuation] = []
            var length = ended ? 0 : logical.unicodeScalars.count
            while !ended && index < lines.count {
                let next = lines[index]
                index += 1
                let content = leftTrimmed(next)
                if content.hasPrefix("#") || content.isEmpty { continue }
                let (piece, pieceEnded) = trimContinuation(next, escape: escape)
                continuations.append(DockerfileInstruction.Continuation(offset: length, line: index))
                length += piece.unicodeScalars.count
                logical += piece
                ended = pieceEnded
            }
            if let (closers, rest) = DockerfileTemplate.leadingClosers(of: logical) {
                // `}}FROM base`: the template engine removes the block end; the instruction stays.
                if output.template == nil {
                    output.template = DockerfileTemplate.Marker(line: startLine, syntax: String(closers.prefix(2)))
                }
                let removed = closers.unicodeScalars.count
                continuations = continuations.map { .init(offset: max(0, $0.offset - removed), line: $0.line) }
                logical = String(rest)
                if logical.isEmpty { continue }
            }
            let instruction = DockerfileInstruction(parsing: logical, line: startLine, continuations: continuations)
            if output.template == nil { output.template = DockerfileTemplate.marker(in: instruction) }
            output.instructions.append(instruction)
            if instruction.canContainHeredoc {
                let keepsBodies = instruction.keyword == "run"
                for heredoc in DockerfileWords.heredocs(in: logical) {
                    if let terminator = bodyEnd(of: heredoc, in: lines, from: index) {
                        if keepsBodies {
                            // A RUN's here-document is the script it runs: kept for the download check.
                            let body = DockerfileInstruction.HeredocBody(
                                name: heredoc.name, firstLine: index + 1,
                                text: lines[index..<terminator].joined(separator: "\n"))
                            output.instructions[output.instructions.count - 1].heredocBodies.append(body)
                        }
                        index = terminator + 1
                    } else {
                        output.warnings.append(ExtractionWarning(
                            line: startLine,
                            message: "unterminated heredoc: no line reads \(heredoc.name) to close <<\(heredoc.stripsTabs ? "-" : "")\(heredoc.name)"))
                        index = lines.count
                        break
                    }
                }
            }
        }
        output.escapeToken = directives.escapeToken
        output.warnings = directives.warnings + output.warnings
        return output
    }

    /// The file's lines without BOM and line ends (`\n`, `\r\n`, and any `\r` before them).
    static func physicalLines(of text: String) -> [String] {
        var bytes = Substring(text).utf8
        // Cutting UTF-8 at ASCII bytes never splits a character, so the pieces stay valid text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { slice -> String in
            var line = slice
            while line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            return String(Substring(line))
        }
        if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// The index of the line that closes `heredoc`, searching from `start`.
    private static func bodyEnd(of heredoc: DockerfileWords.Heredoc, in lines: [String], from start: Int) -> Int? {
        var index = start
        while index < lines.count {
            var candidate = Substring(lines[index])
            if heredoc.stripsTabs {
                while candidate.first == "\t" { candidate = candidate.dropFirst() }
            }
            if candidate == heredoc.name { return index }
            index += 1
        }
        return nil
    }

    private static func leftTrimmed(_ line: String) -> String {
        let scalars = line.unicodeScalars
        guard let first = scalars.firstIndex(where: { !DockerfileWords.isSpace($0) }) else { return "" }
        return String(scalars[first...])
    }

    /// The line without a trailing continuation (escape character, then only spaces and tabs, not
    /// itself escaped), and whether the instruction ends on this line.
    static func trimContinuation(_ line: String, escape: Unicode.Scalar) -> (String, Bool) {
        let scalars = line.unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex {
            let before = scalars.index(before: end)
            guard scalars[before] == " " || scalars[before] == "\t" else { break }
            end = before
        }
        guard end > scalars.startIndex else { return (line, true) }
        let escapeIndex = scalars.index(before: end)
        guard scalars[escapeIndex] == escape else { return (line, true) }
        if escapeIndex > scalars.startIndex, scalars[scalars.index(before: escapeIndex)] == escape {
            return (line, true)
        }
        return (String(scalars[..<escapeIndex]), false)
    }
}
