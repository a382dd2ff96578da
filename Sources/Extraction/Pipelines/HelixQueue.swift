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
    ///
    /// Linear in the scalar: where each image would end is computed once for every position (right to
    /// left), so a scalar of many `@`, `${` or `$(` never rescans the rest of the text per character.
    /// `budget` pays one step per character looked at.
    public static func queueImages(in scalar: String, budget: ExtractionBudget? = nil) -> [(raw: String, image: String)] {
        guard scalar.containsByte(UInt8(ascii: "@")) else { return [] }
        let text = ScannedText(Array(scalar))
        guard budget?.spend(text.chars.count) ?? true else { return [] }
        var found: [(raw: String, image: String)] = []
        var position = 0
        let chars = text.chars
        while position < chars.count {
            guard chars[position] == "@" else {
                position += 1
                continue
            }
            guard budget?.spend() ?? true else { break }
            guard let match = queue(at: position, in: text) else {
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
    public static func scan(value: String, line: Int, context: String? = nil, budget: ExtractionBudget? = nil,
                            imageExpression: (String) -> ImageExpression = plainImageExpression) -> [ReferenceFact] {
        var facts: [ReferenceFact] = []
        var searchFrom = value.startIndex
        // Newlines before `searchFrom`, counted once as the search moves on (not again from the start).
        var newlinesBefore = 0
        for queue in queueImages(in: value, budget: budget) {
            var offset = 0
            if let at = value.range(of: queue.raw, range: searchFrom..<value.endIndex) {
                newlinesBefore += value[searchFrom..<at.lowerBound].utf8.count { $0 == UInt8(ascii: "\n") }
                offset = newlinesBefore
                newlinesBefore += value[at].utf8.count { $0 == UInt8(ascii: "\n") }
                searchFrom = at.upperBound
            }
            facts.append(ReferenceFact(line: line + offset, kind: kind, context: context, raw: queue.raw,
                                       value: imageExpression(queue.image)))
        }
        return facts
    }

    /// An image text as a fact value for file kinds with no variable syntax of their own.
    public static func plainImageExpression(_ image: String) -> ImageExpression {
        if ["$(", "${", "%(", "$["].contains(where: { image.containsBytes(of: $0) }) {
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

    /// A scalar's characters with what the scan around each `@` needs, computed once in linear time.
    struct ScannedText {
        let chars: [Character]
        /// `imageEnd[p]`: where an image whose text starts at `p` ends (exclusive).
        let imageEnd: [Int32]
        /// `nextSlash[p]`: the first `/` at or after `p` (`chars.count` when none).
        let nextSlash: [Int32]
        /// `dotRunStart[p]`: the start of the run of `.` that ends just before `p`.
        let dotRunStart: [Int32]

        init(_ chars: [Character]) {
            self.chars = chars
            let count = chars.count
            var imageEnd = [Int32](repeating: Int32(count), count: count + 2)
            var nextSlash = [Int32](repeating: Int32(count), count: count + 1)
            // The first `)`, `]` and `}` at or after `p + 2`, for a macro opening at `p`.
            var paren = count, bracket = count, brace = count
            var p = count - 1
            while p >= 0 {
                if p + 2 < count {
                    switch chars[p + 2] {
                    case ")": paren = p + 2
                    case "]": bracket = p + 2
                    case "}": brace = p + 2
                    default: break
                    }
                }
                nextSlash[p] = chars[p] == "/" ? Int32(p) : nextSlash[p + 1]
                let c = chars[p]
                var end: Int?
                if c == "$" || c == "%", p + 1 < count {
                    let next = chars[p + 1]
                    if next == "(" || next == "[" {
                        let close = next == "(" ? paren : bracket
                        if close < count { end = Int(imageEnd[close + 1]) }
                    } else if c == "$", next == "{", brace < count {
                        let after = brace + 1 < count && chars[brace + 1] == "}" ? brace + 2 : brace + 1
                        end = Int(imageEnd[after])
                    }
                }
                if let end {
                    imageEnd[p] = Int32(end)
                } else {
                    imageEnd[p] = imageDelimiters.contains(c) ? Int32(p) : imageEnd[p + 1]
                }
                p -= 1
            }
            var dotRunStart = [Int32](repeating: 0, count: count + 1)
            for index in 0...count {
                dotRunStart[index] = index > 0 && chars[index - 1] == "." ? dotRunStart[index - 1] : Int32(index)
            }
            self.imageEnd = imageEnd
            self.nextSlash = nextSlash
            self.dotRunStart = dotRunStart
        }
    }

    /// The queue string whose `@` stands at `at`: its start and end offsets.
    private static func queue(at: Int, in text: ScannedText) -> (start: Int, end: Int)? {
        let chars = text.chars
        // The end of the image keeps macros such as `$(Tag)`, `${{ parameters.tag }}`, `$[ … ]` and
        // `%(Meta)` whole; trailing dots end a sentence, not an image.
        let imageEnd = Int(text.imageEnd[at + 1])
        let imageLast = max(at + 1, Int(text.dotRunStart[imageEnd]))
        guard imageLast > at + 1 else { return nil }
        let hostStart = startOfHost(before: at, in: chars)
        guard hostStart < at else { return nil }
        if hostStart > 0, chars[hostStart - 1] == ")", let open = displayNameStart(closingAt: hostStart - 1, in: chars) {
            return (open, imageLast)
        }
        let precededByDelimiter = hostStart == 0 || imageDelimiters.contains(chars[hostStart - 1])
            || chars[hostStart - 1] == "=" || chars[hostStart - 1] == "("
        guard precededByDelimiter, Int(text.nextSlash[at + 1]) < imageLast else { return nil }
        let host = String(chars[hostStart..<at])
        guard !host.contains("$"), host.split(separator: ".").count >= 3 else { return nil }
        return (hostStart, imageLast)
    }

    /// The start of the host queue name ending just before `at`, keeping `$(Prop)` macros whole.
    ///
    /// Everything passed over is host characters or whole macros, none of which holds an `@`, so the
    /// scans of all the `@` of a scalar cover it at most once.
    private static func startOfHost(before at: Int, in chars: [Character]) -> Int {
        var index = at
        while index > 0 {
            let c = chars[index - 1]
            if isHostCharacter(c) { index -= 1; continue }
            if c == ")" {
                var open = index - 1
                while open > 0, isHostCharacter(chars[open - 1]) { open -= 1 }
                open -= 1
                if open > 0, chars[open] == "(", chars[open - 1] == "$" {
                    index = open - 1
                    continue
                }
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
