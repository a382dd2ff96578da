/// Helix queue strings that run work items inside a container: `(Name)HostQueue@image`, as written in
/// Azure Pipelines parameters (`helixQueues`, `HelixTargetQueues`, `+`-joined) and MSBuild items and
/// properties (`HelixTargetQueue`, `HelixAvailableTargetQueue`, `;`-separated).
///
/// A bare queue name (`Ubuntu.2204.Amd64.Open`) runs on the host and names no image. The parenthesised
/// display name is the usual form; without it, a string is only taken for a queue when the host queue
/// name has at least three dotted parts and the image names a repository path (`…/…`), so addresses
/// such as `team@example.com` or `git@github.com:org/repo` are not mistaken for queues.
public enum HelixQueue {
    /// The kind of every Helix queue reference.
    public static let kind = "helix/queue"

    /// Each queue string in `scalar` that names an image: the whole queue string and its image part.
    public static func queueImages(in scalar: String) -> [(raw: String, image: String)] {
        let chars = Array(scalar)
        var found: [(raw: String, image: String)] = []
        var position = 0
        while position < chars.count {
            guard chars[position] == "@", let match = queue(at: position, in: chars) else {
                position += 1
                continue
            }
            found.append((String(chars[match.start..<match.end]), String(chars[(position + 1)..<match.end])))
            position = match.end
        }
        return found
    }

    /// Helix queue facts in a value whose first character stands on `line`; a queue on a later line of a
    /// multi-line value gets that line. `imageExpression` turns the image text into a fact value (the
    /// default keeps it literal unless it holds `$(…)`/`${…}` macros, which stay unresolved).
    public static func scan(value: String, line: Int, context: String? = nil,
                            imageExpression: (String) -> ImageExpression = plainImageExpression) -> [ReferenceFact] {
        var facts: [ReferenceFact] = []
        var searchFrom = value.startIndex
        for queue in queueImages(in: value) {
            let at = value.range(of: queue.raw, range: searchFrom..<value.endIndex)
            let offset = at.map { value[value.startIndex..<$0.lowerBound].filter { $0 == "\n" }.count } ?? 0
            if let at { searchFrom = at.upperBound }
            facts.append(ReferenceFact(line: line + offset, kind: kind, context: context, raw: queue.raw,
                                       value: imageExpression(queue.image)))
        }
        return facts
    }

    /// An image text as a fact value for file kinds with no variable syntax of their own.
    public static func plainImageExpression(_ image: String) -> ImageExpression {
        if image.contains("$(") || image.contains("${") || image.contains("%(") || image.contains("$[") {
            return .unresolved(reason: "the image of the Helix queue contains a variable: \(image)")
        }
        return .literal(image)
    }

    // MARK: - Scanning around one `@`

    private static let imageDelimiters: Set<Character> = [
        " ", "\t", "\n", "\r", "+", ";", ",", "'", "\"", "<", ">", ")", "]", "}", "|", "`",
    ]

    private static func isHostCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "." || c == "-" || c == "_"
    }

    /// The queue string whose `@` stands at `at`: its start and end offsets.
    private static func queue(at: Int, in chars: [Character]) -> (start: Int, end: Int)? {
        let imageEnd = endOfImage(after: at, in: chars)
        var imageLast = imageEnd
        while imageLast > at + 1, chars[imageLast - 1] == "." { imageLast -= 1 }
        guard imageLast > at + 1 else { return nil }
        let hostStart = startOfHost(before: at, in: chars)
        guard hostStart < at else { return nil }
        if hostStart > 0, chars[hostStart - 1] == ")", let open = displayNameStart(closingAt: hostStart - 1, in: chars) {
            return (open, imageLast)
        }
        let host = String(chars[hostStart..<at])
        let image = chars[(at + 1)..<imageLast]
        let precededByDelimiter = hostStart == 0 || imageDelimiters.contains(chars[hostStart - 1])
            || chars[hostStart - 1] == "=" || chars[hostStart - 1] == "("
        guard precededByDelimiter, !host.contains("$"), host.split(separator: ".").count >= 3,
              image.contains("/") else { return nil }
        return (hostStart, imageLast)
    }

    /// The end (exclusive) of the image starting after `at`, keeping macros such as `$(Tag)`,
    /// `${{ parameters.tag }}`, `$[ … ]` and `%(Meta)` whole.
    private static func endOfImage(after at: Int, in chars: [Character]) -> Int {
        var index = at + 1
        while index < chars.count {
            let c = chars[index]
            if (c == "$" || c == "%"), index + 1 < chars.count {
                let next = chars[index + 1]
                if next == "(" || next == "[" {
                    let close: Character = next == "(" ? ")" : "]"
                    if let end = chars[(index + 2)...].firstIndex(of: close) { index = end + 1; continue }
                } else if c == "$", next == "{" {
                    if let end = closingBraces(from: index + 2, in: chars) { index = end; continue }
                }
            }
            if imageDelimiters.contains(c) { break }
            index += 1
        }
        return index
    }

    /// The offset just past the `}` or `}}` that ends a `${…}`/`${{…}}` starting at `from`.
    private static func closingBraces(from: Int, in chars: [Character]) -> Int? {
        var index = from
        while index < chars.count {
            if chars[index] == "}" {
                if index + 1 < chars.count, chars[index + 1] == "}" { return index + 2 }
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// The start of the host queue name ending just before `at`, keeping `$(Prop)` macros whole.
    private static func startOfHost(before at: Int, in chars: [Character]) -> Int {
        var index = at
        while index > 0 {
            let c = chars[index - 1]
            if isHostCharacter(c) { index -= 1; continue }
            if c == ")", let open = chars[..<(index - 1)].lastIndex(of: "("), open > 0, chars[open - 1] == "$",
               chars[(open + 1)..<(index - 1)].allSatisfy(isHostCharacter) {
                index = open - 1
                continue
            }
            break
        }
        return index
    }

    /// The offset of the `(` opening a non-empty display name that closes at `close`.
    private static func displayNameStart(closingAt close: Int, in chars: [Character]) -> Int? {
        var index = close
        while index > 0 {
            let c = chars[index - 1]
            if c == "(" {
                let open = index - 1
                let isMacro = open > 0 && chars[open - 1] == "$"
                return open + 1 < close && !isMacro ? open : nil
            }
            if c.isWhitespace || c == "@" || c == ")" || c == "+" || c == ";" { return nil }
            index -= 1
        }
        return nil
    }
}
