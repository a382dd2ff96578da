import Foundation

/// The shared state of walking one YAML file: a budget of nodes, the source text (to find the line where
/// an alias is used) and the Yams parsers whose anchors the composed nodes still point at.
///
/// Yams composes an alias by sharing the anchored node, which keeps loading linear, but a walk visits an
/// aliased subtree once per alias: a "billion laughs" file is small to load and astronomically large to
/// walk. Every `YAMLCursor` step is paid from this budget; once it runs out, walks see nothing more and
/// one warning says so.
public final class YAMLTraversal {
    /// Nodes any walk may visit, on top of one per byte of text (a 4 MiB file gets ~4.3 million).
    public static let baseBudget = 200_000
    /// Deepest nesting a generic walk descends into.
    public static let maxDepth = 100

    /// Nodes still allowed to be visited.
    public private(set) var remaining: Int
    /// Set once the budget ran out (or a walk went too deep); the warning says where it stopped.
    public private(set) var exhaustionWarning: ExtractionWarning?

    /// The file's extraction budget, which every step of every walk also pays (one step per node).
    let work: ExtractionBudget

    /// The file's text.
    let text: String
    private var lineStarts: [String.Index]?
    private var parsers: [AnyObject] = []
    private var mentions: [String: Bool] = [:]

    init(text: String, budget: Int? = nil, work: ExtractionBudget = ExtractionBudget()) {
        self.text = text
        self.remaining = budget ?? (Self.baseBudget + text.utf8.count)
        self.work = work
    }

    /// Holds a Yams parser (or an anchor) alive: composed nodes keep only weak references to their anchors.
    func keepAlive(_ parser: AnyObject) {
        parsers.append(parser)
    }

    /// Takes `count` nodes from the budget; false (and a warning, once) when it is spent.
    func spend(_ count: Int, at line: Int) -> Bool {
        guard work.spend(count, line: line) else {
            // The file's budget ran out (its own warning says so); walks see nothing more.
            remaining = 0
            return false
        }
        if remaining >= count {
            remaining -= count
            return true
        }
        remaining = 0
        if exhaustionWarning == nil {
            exhaustionWarning = ExtractionWarning(line: line, message:
                "stopped reading: anchors and aliases expand this file beyond \(Self.baseBudget + text.utf8.count) "
                + "nodes (an alias bomb?); references after this point are not reported")
        }
        return false
    }

    /// Whether a key or scalar of the file may spell `word`: the text holds the word's bytes, or a
    /// backslash (a double-quoted scalar can write any character as an escape). Answered once per file
    /// and word, so that extractors skip looking through every document of a file that never names
    /// what they look for.
    func mayMention(_ word: String) -> Bool {
        if let known = mentions[word] { return known }
        let answer = text.containsByte(UInt8(ascii: "\\")) || text.containsBytes(of: word)
        mentions[word] = answer
        return answer
    }

    /// Records that a walk refused to descend deeper than `maxDepth`.
    func tooDeep(at line: Int) {
        if exhaustionWarning == nil {
            exhaustionWarning = ExtractionWarning(line: line, message:
                "stopped reading: nesting deeper than \(Self.maxDepth) levels; deeper references are not reported")
        }
    }

    /// The line, at or after `line`, where `*anchor` is written (the place an alias is used).
    func aliasLine(anchor: String, from line: Int) -> Int? {
        let starts = lineIndex()
        guard line >= 1, line <= starts.count else { return nil }
        let token = "*" + anchor
        for number in line..<min(starts.count, line + 64) + 1 where number <= starts.count {
            let start = starts[number - 1]
            let end = number < starts.count ? starts[number] : text.endIndex
            let content = text[start..<end].utf8.prefix(YAMLDocuments.maxScannedLineLength)
            if containsAlias(Substring(content), token: token) { return number }
        }
        return nil
    }

    /// The first line, at or after `line` and at most 64 lines on, whose text holds `fragment` (where a
    /// word of a folded or multi-line plain scalar is written; the scalar's value no longer says).
    func line(of fragment: String, from line: Int) -> Int? {
        let starts = lineIndex()
        guard line >= 1, line <= starts.count, !fragment.isEmpty else { return nil }
        for number in line...min(starts.count, line + 64) {
            let start = starts[number - 1]
            let end = number < starts.count ? starts[number] : text.endIndex
            guard work.spend(1 + text.utf8.distance(from: start, to: end), line: number) else { return nil }
            if Substring(text[start..<end].utf8.prefix(YAMLDocuments.maxScannedLineLength)).contains(fragment) { return number }
        }
        return nil
    }

    private func containsAlias(_ line: Substring, token: String) -> Bool {
        var searchStart = line.startIndex
        while let range = line.range(of: token, range: searchStart..<line.endIndex) {
            let next = line[range.upperBound...].unicodeScalars.first
            if let next, next.properties.isAlphabetic || ("0"..."9").contains(next) || next == "_" || next == "-" {
                searchStart = range.upperBound
                continue
            }
            return true
        }
        return false
    }

    /// The text of line `line` from the 1-based unicode-scalar `column` to the end of the line, or `nil`.
    func rest(ofLine line: Int, fromColumn column: Int) -> Substring? {
        let starts = lineIndex()
        guard line >= 1, line <= starts.count, column >= 1 else { return nil }
        let end = line < starts.count ? starts[line] : text.endIndex
        let content = text[starts[line - 1]..<end]
        let scalars = content.unicodeScalars
        guard column - 1 <= scalars.count, let start = scalars.index(scalars.startIndex, offsetBy: column - 1, limitedBy: scalars.endIndex)
        else { return nil }
        return Substring(scalars[start...]).prefix(YAMLDocuments.maxScannedLineLength)
    }

    private func lineIndex() -> [String.Index] {
        if let lineStarts { return lineStarts }
        var starts = [text.startIndex]
        var index = text.utf8.startIndex
        while let newline = text.utf8[index...].firstIndex(of: UInt8(ascii: "\n")) {
            index = text.utf8.index(after: newline)
            starts.append(index)
        }
        lineStarts = starts
        return starts
    }
}
