/// Dockerfile templates: files named like Dockerfiles whose text is the input of a template engine
/// (Go templates and .NET ImageBuilder's `{{ }}`, Jinja's `{% %}`, ERB's `<%= %>`, `${{ }}`
/// expressions). They are read as far as a Dockerfile reader can: images written literally are
/// extracted, templated values are unresolved with their raw text, stage names are still found, and
/// the file gets one warning instead of one per line the engine would have rewritten.
enum DockerfileTemplate {
    /// The texts that open or close template syntax.
    static let openers = ["${{", "{{", "{%", "<%"]

    /// Where a file was first seen to be a template.
    struct Marker: Sendable, Hashable {
        var line: Int
        /// The template syntax seen (`{{`).
        var syntax: String
    }

    /// The first template opener in `text`, if any.
    static func opener(in text: String) -> String? {
        guard text.containsByte(UInt8(ascii: "{")) || text.containsByte(UInt8(ascii: "<")) else { return nil }
        return openers.first { text.containsBytes(of: $0) }
    }

    /// Whether `text` holds template syntax.
    static func contains(_ text: String) -> Bool { opener(in: text) != nil }

    /// A logical line that starts by closing a template block (`}}FROM {{base}}`): the closers and the
    /// blanks after them, which the engine removes, and the rest of the line.
    static func leadingClosers(of line: String) -> (closers: Substring, rest: Substring)? {
        var rest = Substring(line)
        var seen = false
        while rest.hasPrefix("}}") || rest.hasPrefix("%}") || rest.hasPrefix("%>") {
            rest = rest.dropFirst(2)
            while rest.first == "^" || rest.first == " " || rest.first == "\t" { rest = rest.dropFirst() }
            seen = true
        }
        guard seen else { return nil }
        return (line[..<rest.startIndex], rest)
    }

    /// The template syntax in an instruction that only a template would hold: in its keyword, or in
    /// the arguments of an instruction that names images, stages or build arguments. Shell commands
    /// (`RUN`, `CMD`, …) are not looked at: `docker inspect --format '{{.Id}}'` is a plain command.
    static func marker(in instruction: DockerfileInstruction) -> Marker? {
        if let syntax = opener(in: instruction.writtenKeyword) ?? (instruction.writtenKeyword.hasPrefix("}}") ? "}}" : nil) {
            return Marker(line: instruction.line, syntax: syntax)
        }
        let examined: String
        switch instruction.keyword {
        case "from", "arg", "env", "copy", "add", "label", "user", "workdir", "expose", "volume", "stopsignal":
            examined = instruction.flags.joined(separator: " ") + " " + instruction.arguments
        case "run", "onbuild":
            examined = instruction.flags.joined(separator: " ")
        default:
            return nil
        }
        return opener(in: examined).map { Marker(line: instruction.line, syntax: $0) }
    }

    /// The stage name of `FROM image AS name` in a template as written, where the name may run into
    /// template syntax (`AS installer{{if …}}`): the part before it.
    static func stageName(in words: [String]) -> String? {
        guard words.count >= 3, words[1].lowercased() == "as" else { return nil }
        var name = Substring(words[2])
        for opener in openers {
            if let range = name.rangeOfBytes(opener) { name = name[..<range.lowerBound] }
        }
        return name.isEmpty ? nil : String(name)
    }

    /// Why a templated value has no image.
    static let unresolvedReason = "a template placeholder, filled in when the template is rendered"

    /// The file's one warning.
    static func warning(_ marker: Marker) -> ExtractionWarning {
        ExtractionWarning(line: marker.line, message: "a template, not a Dockerfile (\(marker.syntax) at line \(marker.line)): "
                          + "images written literally are listed and templated ones as unresolved; the lines "
                          + "the template engine rewrites are not checked")
    }
}
