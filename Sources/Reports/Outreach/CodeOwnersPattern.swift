/// One CODEOWNERS path pattern, matched the way GitHub matches it (gitignore rules, minus negation
/// and character ranges).
///
/// - A pattern with a `/` at the start or in the middle is relative to the repository root; one
///   without (or with only a trailing `/`) matches at any depth.
/// - A pattern that matches a directory also matches everything below it; a trailing `/` matches
///   directories only.
/// - `*` matches within one path segment, `?` one character; `\` makes the next character literal.
/// - `**/` at the start or `/**/` in the middle match any number of directories (zero included);
///   a trailing `/**` matches everything inside (not the directory itself).
/// - A trailing lone `*` segment (`docs/*`) matches direct children only, as GitHub documents.
public struct CodeOwnersPattern: Sendable, Hashable {
    /// The pattern as written.
    public let text: String
    private let segments: [String]
    private let directoriesOnly: Bool
    private let matchesDescendants: Bool

    /// Parses `text` (already unescaped from surrounding whitespace).
    public init(_ text: String) {
        self.text = text
        var body = Substring(text)
        var anchored = false
        if body.hasPrefix("/") {
            anchored = true
            body = body.dropFirst()
        }
        var directoriesOnly = false
        if body.hasSuffix("/") && !body.hasSuffix("\\/") {
            directoriesOnly = true
            body = body.dropLast()
        }
        var segments = body.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if segments.count > 1 { anchored = true }
        if !anchored { segments.insert("**", at: 0) }
        if directoriesOnly && segments.last == "**" { directoriesOnly = false }
        self.segments = segments
        self.directoriesOnly = directoriesOnly
        self.matchesDescendants = directoriesOnly || segments.last != "*"
    }

    /// Whether the file at repository-relative `path` is covered by the pattern.
    public func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !parts.isEmpty, !segments.isEmpty else { return false }
        if !directoriesOnly && Self.match(segments[...], parts[...]) { return true }
        if matchesDescendants {
            for length in stride(from: parts.count - 1, through: 1, by: -1)
            where Self.match(segments[...], parts[..<length]) {
                return true
            }
        }
        return false
    }

    /// Whether pattern segments match path segments exactly.
    static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            // A trailing `**` needs at least one segment; elsewhere it may match none.
            let fewest = rest.isEmpty ? 1 : 0
            if path.count < fewest { return false }
            for skip in fewest...path.count where match(rest, path.dropFirst(skip)) {
                return true
            }
            return false
        }
        guard let head = path.first, globMatch(Array(first), Array(head)) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// `*`, `?` and `\`-escapes within one segment.
    static func globMatch(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0
        var star: Int?
        var starText = 0
        while t < text.count {
            if p < pattern.count {
                switch pattern[p] {
                case "*":
                    star = p
                    starText = t
                    p += 1
                    continue
                case "?":
                    p += 1
                    t += 1
                    continue
                case "\\" where p + 1 < pattern.count:
                    if pattern[p + 1] == text[t] {
                        p += 2
                        t += 1
                        continue
                    }
                default:
                    if pattern[p] == text[t] {
                        p += 1
                        t += 1
                        continue
                    }
                }
            }
            guard let star else { return false }
            p = star + 1
            starText += 1
            t = starText
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
