/// The ways BuildKit's Dockerfile parser cuts text into words, each working on Unicode scalars so a
/// CR, a BOM or replacement characters from bad UTF-8 never change where a line is cut.
///
/// Each function mirrors one splitter of BuildKit's `frontend/dockerfile/parser` package; they differ
/// on purpose (which escape character applies, whether quotes are kept), and the differences decide
/// what an instruction means.
enum DockerfileWords {
    typealias Scalars = [Unicode.Scalar]

    /// Space as Go's `unicode.IsSpace` sees it.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar {
            case " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r": return true
            default: return false
            }
        }
        return scalar.properties.isWhitespace
    }

    /// The characters that separate an instruction from its arguments and FROM's words (`[\t\v\f\r ]`).
    static func isFieldSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\u{0B}", "\u{0C}", "\r": true
        default: false
        }
    }

    /// `scalars` without leading and trailing space.
    static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var slice = scalars
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return slice
    }

    /// A string from scalars (encoded by hand: appending to a `UnicodeScalarView` is far slower).
    static func string(_ scalars: some Collection<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.isASCII {
                bytes.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` without one pair of matching surrounding quotes, as references record their raw text.
    static func unquoted(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, let first = scalars.first, first == "\"" || first == "'",
              scalars.last == first else { return text }
        return string(scalars[1..<(scalars.count - 1)])
    }

    // MARK: - Instruction line

    /// Splits a logical line into its instruction word, its builder flags (`--name=value`, quotes and
    /// backslash escapes removed) and the trimmed rest, with the scalar offset where that rest starts.
    static func splitCommand(_ line: String) -> (command: String, flags: [String], arguments: String, argumentsOffset: Int) {
        let scalars = Array(line.unicodeScalars)
        let body = trimmed(scalars[...])
        guard let end = body.firstIndex(where: isFieldSeparator) else {
            return (string(body), [], "", scalars.count)
        }
        var restStart = end
        while restStart < body.endIndex, isFieldSeparator(body[restStart]) { restStart += 1 }
        let (flags, rest) = builderFlags(body[restStart...])
        let arguments = trimmed(rest)
        return (string(body[..<end]), flags, string(arguments), arguments.startIndex)
    }

    /// The leading `--flag` words of an instruction's arguments and what follows them.
    ///
    /// Quotes group and are removed; a backslash (whatever the escape directive says) escapes the next
    /// character; a bare `--` ends the flags.
    static func builderFlags(_ line: ArraySlice<Unicode.Scalar>) -> (flags: [String], rest: ArraySlice<Unicode.Scalar>) {
        enum Phase { case spaces, word, quote }
        var flags: [String] = []
        var phase = Phase.spaces
        var word = Scalars()
        var quote: Unicode.Scalar = "\""
        var blankOK = false
        var pos = line.startIndex
        let end = line.endIndex
        while pos <= end {
            if phase == .spaces {
                if pos == end { break }
                let ch = line[pos]
                if isSpace(ch) { pos += 1; continue }
                if ch != "-" || pos + 1 == end || line[pos + 1] != "-" {
                    return (flags, line[pos...])
                }
                phase = .word
            }
            if pos == end {
                if word != ["-", "-"], blankOK || !word.isEmpty { flags.append(string(word)) }
                break
            }
            var ch = line[pos]
            if phase == .word {
                if isSpace(ch) {
                    phase = .spaces
                    if word == ["-", "-"] { return (flags, line[pos...]) }
                    if blankOK || !word.isEmpty { flags.append(string(word)) }
                    word.removeAll()
                    blankOK = false
                    pos += 1
                    continue
                }
                if ch == "'" || ch == "\"" {
                    quote = ch
                    blankOK = true
                    phase = .quote
                    pos += 1
                    continue
                }
                if ch == "\\" {
                    if pos + 1 == end { pos += 1; continue }
                    pos += 1
                    ch = line[pos]
                }
                word.append(ch)
                pos += 1
                continue
            }
            // phase == .quote
            if ch == quote {
                phase = .word
                pos += 1
                continue
            }
            if ch == "\\" {
                if pos + 1 == end { phase = .word; pos += 1; continue }
                pos += 1
                ch = line[pos]
            }
            word.append(ch)
            pos += 1
        }
        return (flags, line[end...])
    }

    /// The name and value of one builder flag (`--from=img` gives `("from", "img")`); the value is
    /// `nil` when there is no `=`.
    static func flagParts(_ flag: String) -> (name: String, value: String?) {
        let body = flag.hasPrefix("--") ? String(flag.dropFirst(2)) : flag
        guard let equals = body.firstIndex(of: "=") else { return (body, nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    /// FROM's words: the arguments cut at runs of `[\t\v\f\r ]`, quotes left as written.
    static func fields(_ arguments: String) -> [String] {
        Array(arguments.unicodeScalars).split(whereSeparator: isFieldSeparator).map { string($0) }
    }

    /// ARG's and ENV's words: cut at unquoted space, keeping quotes and escapes for later expansion.
    /// The escape token escapes anything outside quotes and anything but `'` quotes inside them.
    static func shellWords(_ rest: String, escapeToken: Unicode.Scalar) -> [String] {
        enum Phase { case spaces, word, quote }
        let scalars = Array(rest.unicodeScalars)
        var words: [String] = []
        var phase = Phase.spaces
        var word = Scalars()
        var quote: Unicode.Scalar = "\""
        var blankOK = false
        var pos = 0
        while pos <= scalars.count {
            if phase == .spaces {
                if pos == scalars.count { break }
                if isSpace(scalars[pos]) { pos += 1; continue }
                phase = .word
            }
            if pos == scalars.count {
                if blankOK || !word.isEmpty { words.append(string(word)) }
                break
            }
            var ch = scalars[pos]
            if phase == .word {
                if isSpace(ch) {
                    phase = .spaces
                    if blankOK || !word.isEmpty { words.append(string(word)) }
                    word.removeAll()
                    blankOK = false
                    pos += 1
                    continue
                }
                if ch == "'" || ch == "\"" {
                    quote = ch
                    blankOK = true
                    phase = .quote
                }
                if ch == escapeToken {
                    if pos + 1 == scalars.count { pos += 1; continue }
                    word.append(ch)
                    pos += 1
                    ch = scalars[pos]
                }
                word.append(ch)
                pos += 1
                continue
            }
            // phase == .quote
            if ch == quote { phase = .word }
            if ch == escapeToken && quote != "'" {
                if pos + 1 == scalars.count { phase = .word; pos += 1; continue }
                word.append(ch)
                pos += 1
                ch = scalars[pos]
            }
            word.append(ch)
            pos += 1
        }
        return words
    }

    // MARK: - Heredocs

    /// A here-document an instruction opens (`<<EOF`, `<<-EOF`, `<<"EOF"`).
    struct Heredoc: Hashable, Sendable {
        /// The terminator line.
        var name: String
        /// `<<-`: leading tabs are ignored when looking for the terminator.
        var stripsTabs: Bool
    }

    /// The here-documents a logical line opens, in order.
    ///
    /// The line is cut into shell words (quotes and backslash escapes kept, so `"<<EOF"` is no
    /// heredoc); a word of the form `[n]<<[-]NAME` opens one. An unterminated quote means none.
    static func heredocs(in line: String) -> [Heredoc] {
        guard containsHeredocMarker(line), let words = rawShellWords(Array(line.unicodeScalars)) else { return [] }
        return words.compactMap(heredoc(fromWord:))
    }

    private static func containsHeredocMarker(_ line: String) -> Bool {
        var previousWasLess = false
        for byte in line.utf8 {
            if byte == UInt8(ascii: "<") {
                if previousWasLess { return true }
                previousWasLess = true
            } else {
                previousWasLess = false
            }
        }
        return false
    }

    /// Words cut at unquoted space with quotes and escapes kept; `nil` when a quote is left open.
    static func rawShellWords(_ scalars: Scalars) -> [Scalars]? {
        var words: [Scalars] = []
        var word = Scalars()
        var inWord = false
        var pos = 0
        while pos < scalars.count {
            let ch = scalars[pos]
            pos += 1
            switch ch {
            case "'":
                inWord = true
                word.append(ch)
                guard let close = scalars[pos...].firstIndex(of: "'") else { return nil }
                word.append(contentsOf: scalars[pos...close])
                pos = close + 1
            case "\"":
                inWord = true
                word.append(ch)
                var closed = false
                while pos < scalars.count {
                    let inner = scalars[pos]
                    pos += 1
                    word.append(inner)
                    if inner == "\\", pos < scalars.count {
                        word.append(scalars[pos])
                        pos += 1
                    } else if inner == "\"" {
                        closed = true
                        break
                    }
                }
                if !closed { return nil }
            case "\\":
                inWord = true
                word.append(ch)
                if pos < scalars.count {
                    word.append(scalars[pos])
                    pos += 1
                }
            default:
                if isSpace(ch) {
                    if inWord, !word.isEmpty { words.append(word) }
                    word.removeAll()
                    inWord = false
                } else {
                    inWord = true
                    word.append(ch)
                }
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// The heredoc a word opens (`^[0-9]*<<-?[^<]+$`), its name with quotes and escapes removed.
    static func heredoc(fromWord word: Scalars) -> Heredoc? {
        var pos = 0
        while pos < word.count, ("0"..."9").contains(word[pos]) { pos += 1 }
        guard pos + 1 < word.count, word[pos] == "<", word[pos + 1] == "<" else { return nil }
        pos += 2
        var stripsTabs = false
        if pos < word.count, word[pos] == "-" {
            stripsTabs = true
            pos += 1
        }
        let rest = word[pos...]
        guard !rest.isEmpty, !rest.contains("<") else { return nil }
        guard let name = unquotedWord(rest), !name.isEmpty else { return nil }
        return Heredoc(name: string(name), stripsTabs: stripsTabs)
    }

    /// One shell word with quotes and backslash escapes removed and `$` left alone; `nil` when it does
    /// not form exactly one word.
    private static func unquotedWord(_ scalars: ArraySlice<Unicode.Scalar>) -> Scalars? {
        var out = Scalars()
        var pos = scalars.startIndex
        while pos < scalars.endIndex {
            let ch = scalars[pos]
            pos += 1
            switch ch {
            case "'":
                guard let close = scalars[pos...].firstIndex(of: "'") else { return nil }
                out.append(contentsOf: scalars[pos..<close])
                pos = close + 1
            case "\"":
                var closed = false
                while pos < scalars.endIndex {
                    var inner = scalars[pos]
                    pos += 1
                    if inner == "\"" { closed = true; break }
                    if inner == "\\", pos < scalars.endIndex, ["\"", "$", "\\"].contains(scalars[pos]) {
                        inner = scalars[pos]
                        pos += 1
                    }
                    out.append(inner)
                }
                if !closed { return nil }
            case "\\":
                if pos < scalars.endIndex {
                    out.append(scalars[pos])
                    pos += 1
                }
            default:
                if isSpace(ch) { return nil }
                out.append(ch)
            }
        }
        return out
    }

    // MARK: - Mount options

    /// The comma-separated fields of a `--mount` value, read as Go's `encoding/csv` reads one record:
    /// a field that starts with `"` is quoted (`""` is a quote inside it); a quote elsewhere is an error.
    static func commaSeparatedFields(_ text: String) throws(DockerfileSyntaxError) -> [String] {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { throw .malformedMountOptions("the value is empty") }
        var fields: [String] = []
        var pos = 0
        while true {
            var field = Scalars()
            if pos < scalars.count, scalars[pos] == "\"" {
                pos += 1
                var closed = false
                while pos < scalars.count {
                    let ch = scalars[pos]
                    pos += 1
                    if ch == "\"" {
                        if pos < scalars.count, scalars[pos] == "\"" {
                            field.append("\"")
                            pos += 1
                            continue
                        }
                        closed = true
                        break
                    }
                    field.append(ch)
                }
                guard closed, pos == scalars.count || scalars[pos] == "," else {
                    throw .malformedMountOptions("extraneous or missing \" in quoted field")
                }
            } else {
                while pos < scalars.count, scalars[pos] != "," {
                    if scalars[pos] == "\"" {
                        throw .malformedMountOptions("bare \" in non-quoted field")
                    }
                    field.append(scalars[pos])
                    pos += 1
                }
            }
            fields.append(string(field))
            if pos >= scalars.count { break }
            pos += 1   // the comma
        }
        return fields
    }
}
