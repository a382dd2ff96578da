/// The parser directives at the top of a Dockerfile (`# syntax=`, `# escape=`, `# check=`), read with
/// BuildKit's rules: only before the first comment, blank line or instruction; names case-insensitive;
/// each at most once; anything else ends them.
struct ParserDirectives {
    /// The directives BuildKit knows; an unknown one reads as a comment and ends the directives.
    static let known: Set<String> = ["syntax", "escape", "check"]

    /// The escape character for continuations and expansions: `\` unless `# escape=` says backtick.
    private(set) var escapeToken: Unicode.Scalar = "\\"
    /// Problems with the directives (repeated, invalid escape).
    private(set) var warnings: [ExtractionWarning] = []
    private var seen: Set<String> = []
    private var done = false

    /// Feeds one physical line (leading space already removed) in file order.
    mutating func consider(_ line: String, lineNumber: Int) {
        guard !done else { return }
        guard let (name, value) = Self.directive(in: line, commentPrefix: "#"), Self.known.contains(name) else {
            done = true
            return
        }
        guard seen.insert(name).inserted else {
            warnings.append(ExtractionWarning(
                line: lineNumber,
                message: "the \(name) parser directive is given more than once; only the first counts"))
            return
        }
        if name == "escape" {
            switch value {
            case "\\": escapeToken = "\\"
            case "`": escapeToken = "`"
            default:
                warnings.append(ExtractionWarning(
                    line: lineNumber,
                    message: "invalid escape directive '\(value)': the escape character must be ` or \\"))
            }
        }
    }

    /// The frontend image the `syntax` directive names, found as BuildKit's `DetectSyntax` finds it: a
    /// leading `#!` line is skipped, `# syntax=` directives are read, then `// syntax=` ones.
    /// `lines` are the file's physical lines without BOM or line ends.
    static func syntax(in lines: [String]) -> (image: String, line: Int)? {
        var start = 0
        if let first = lines.first, first.hasPrefix("#!") { start = 1 }
        for prefix in ["#", "//"] {
            var seen: Set<String> = []
            for index in start..<lines.count {
                guard let (name, value) = directive(in: lines[index], commentPrefix: prefix),
                      known.contains(name), seen.insert(name).inserted else { break }
                if name == "syntax" {
                    let image = value.split(separator: " ", maxSplits: 1).first.map(String.init) ?? value
                    return (image, index + 1)
                }
            }
        }
        return nil
    }

    /// The lowercased name and the value of a `<prefix> name = value` line, or `nil` when the line is
    /// not of that form (`^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`).
    static func directive(in line: String, commentPrefix: String) -> (name: String, value: String)? {
        guard line.hasPrefix(commentPrefix) else { return nil }
        let scalars = Array(line.unicodeScalars.dropFirst(commentPrefix.unicodeScalars.count))
        var pos = 0
        while pos < scalars.count, DockerfileWords.isSpace(scalars[pos]) { pos += 1 }
        let nameStart = pos
        guard pos < scalars.count, isASCIILetter(scalars[pos]) else { return nil }
        while pos < scalars.count, isASCIILetter(scalars[pos]) || ("0"..."9").contains(scalars[pos]) { pos += 1 }
        let name = DockerfileWords.string(scalars[nameStart..<pos]).lowercased()
        while pos < scalars.count, DockerfileWords.isSpace(scalars[pos]) { pos += 1 }
        guard pos < scalars.count, scalars[pos] == "=" else { return nil }
        pos += 1
        let value = DockerfileWords.trimmed(scalars[pos...])
        guard !value.isEmpty else { return nil }
        return (name, DockerfileWords.string(value))
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
