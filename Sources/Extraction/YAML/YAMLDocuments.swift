import Foundation
import Yams

/// The YAML documents of one file, composed by Yams with exact 1-based source lines, and what of the
/// file could not be read.
///
/// Loading never throws and never stops at the first problem: a malformed document becomes a warning
/// with its line, its lines are listed in `unparsedLines` (for line-based fallbacks), and the
/// documents after it are still read. Node marks (`node.mark?.line`) are 1-based lines of the file.
public struct YAMLDocuments {
    /// Longest line the pre-scan and line-based readers look into; the rest of a longer line is ignored.
    public static let maxScannedLineLength = 64 * 1024
    /// How many malformed documents of one file are skipped before the rest of the file is given up.
    static let maxRecoveries = 16

    /// The documents that could be read, in file order.
    public let documents: [Node]
    /// Problems met while reading (malformed documents, refused files).
    public let warnings: [ExtractionWarning]
    /// Line ranges (1-based, inclusive) of documents that could not be read as YAML.
    public let unparsedLines: [ClosedRange<Int>]
    /// The shared state for walking these documents: budget, source text for alias lines.
    public let traversal: YAMLTraversal

    /// Cursors on the document roots, ready for merge- and alias-aware walking.
    public var roots: [YAMLCursor] {
        documents.enumerated().map { index, node in
            YAMLCursor(root: node, document: index, traversal: traversal)
        }
    }

    /// Reads every document of `text`; walks of them also spend from `budget` (see `YAMLTraversal`).
    public static func load(text: String, budget: ExtractionBudget? = nil) -> YAMLDocuments {
        let work = budget ?? ExtractionBudget()
        let scan = YAMLPreScan(text: text)
        if let refusal = scan.refusal {
            return refused(text: text, scan: scan, warning: refusal, work: work)
        }
        guard scan.depthBound > inlineDepth else {
            return parse(text: text, scan: scan, work: work)
        }
        // Yams composes and frees trees recursively; a deep file is read on a thread with a stack sized
        // for libyaml's own limit of 1000 levels, and only trees of bounded depth leave that thread.
        let box = ResultBox(work: work)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            var loaded = parse(text: text, scan: scan, work: box.work)
            if let deepLine = loaded.firstLine(deeperThan: maxDepth) {
                loaded = refused(text: text, scan: scan, warning: ExtractionWarning(line: deepLine, message:
                    "not read as YAML: nesting deeper than \(maxDepth) levels"), work: box.work)
            }
            box.value = loaded
            done.signal()
        }
        thread.stackSize = 32 * 1024 * 1024
        thread.start()
        done.wait()
        return box.value ?? refused(text: text, scan: scan, warning: ExtractionWarning(message: "not read as YAML"), work: work)
    }

    /// Files whose pre-scan depth bound is at most this are composed on the calling thread.
    static let inlineDepth = 96
    /// Deepest nesting accepted from a file (real configuration stays far below).
    static let maxDepth = 128

    // The budget crosses to the parsing thread and back; the caller waits for that thread meanwhile.
    private final class ResultBox: @unchecked Sendable {
        var value: YAMLDocuments?
        let work: ExtractionBudget
        init(work: ExtractionBudget) { self.work = work }
    }

    private static func refused(text: String, scan: YAMLPreScan, warning: ExtractionWarning,
                                work: ExtractionBudget) -> YAMLDocuments {
        YAMLDocuments(documents: [], warnings: [warning], unparsedLines: [1...max(scan.lineCount, 1)],
                      traversal: YAMLTraversal(text: text, work: work))
    }

    private static func parse(text: String, scan: YAMLPreScan, work: ExtractionBudget) -> YAMLDocuments {
        let traversal = YAMLTraversal(text: text, work: work)
        // Most files compose without a problem, straight from libyaml's events; Yams reads the others.
        if let composed = YAMLComposer.documents(of: text) {
            for anchor in composed.anchors { traversal.keepAlive(anchor) }
            return YAMLDocuments(documents: composed.documents, warnings: [], unparsedLines: [], traversal: traversal)
        }
        var documents: [Node] = []
        var warnings: [ExtractionWarning] = []
        var unparsed: [ClosedRange<Int>] = []
        var startLine = 1
        var recoveries = 0
        var distinctMergeKeys = false
        while true {
            var input = startLine == 1 ? text : paddedRemainder(of: text, from: startLine)
            if distinctMergeKeys { input = taggingMergeKeys(input) }
            let documentsBefore = documents.count
            do {
                let parser = try Parser(yaml: input, resolver: .basic, constructor: .default, encoding: .utf8)
                traversal.keepAlive(parser)
                while let root = try parser.nextRoot() {
                    documents.append(root)
                }
                break
            } catch {
                if !distinctMergeKeys, case YamlError.duplicatedKeysInMapping(let duplicates, _) = error,
                   duplicates.allSatisfy({ $0 == "<<" }) {
                    // GitLab (and Ruby's YAML) accept repeated `<<:` merge keys; Yams refuses them as
                    // duplicate keys. Read the same text again with each merge key made distinct.
                    documents.removeSubrange(documentsBefore...)
                    distinctMergeKeys = true
                    continue
                }
                let problem = describe(error)
                let line = problem.line ?? startLine
                warnings.append(ExtractionWarning(line: line, message: "not valid YAML: \(problem.message)"))
                let markers = scan.documentMarkerLines
                let isMarker = markers.contains(line)
                let failedStart = max(startLine, markers.last(where: { isMarker ? $0 < line : $0 <= line }) ?? startLine)
                let resume = isMarker && line > startLine ? line : markers.first(where: { $0 > line })
                guard let resume, recoveries < maxRecoveries else {
                    unparsed.append(failedStart...max(failedStart, scan.lineCount))
                    break
                }
                if resume > failedStart { unparsed.append(failedStart...(resume - 1)) }
                startLine = resume
                recoveries += 1
            }
        }
        return YAMLDocuments(documents: documents, warnings: warnings, unparsedLines: unparsed, traversal: traversal)
    }

    /// The line of the first node nested deeper than `limit`, found without recursion.
    private func firstLine(deeperThan limit: Int) -> Int? {
        var stack: [(Node, Int)] = documents.map { ($0, 0) }
        var budget = YAMLTraversal.baseBudget + 1_000_000
        while let (node, depth) = stack.popLast(), budget > 0 {
            budget -= 1
            if depth > limit { return node.mark?.line ?? 1 }
            switch node {
            case .mapping(let mapping): for (key, value) in mapping { stack.append((key, depth + 1)); stack.append((value, depth + 1)) }
            case .sequence(let sequence): for item in sequence { stack.append((item, depth + 1)) }
            case .scalar, .alias: break
            }
        }
        return nil
    }

    /// `text` with a distinct local tag before every block merge key (`<<: *a` → `!merge1 <<: *a`), so
    /// repeated merge keys in one mapping are different keys to Yams. Lines stay where they are, the key
    /// keeps its text and plain style (what `YAMLCursor` reads as a merge), and only text after the key
    /// on its own line moves right.
    static func taggingMergeKeys(_ text: String) -> String {
        var count = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var rest = line[...]
            // Indentation and sequence dashes (`  - <<: *a`) may stand before the key.
            while let first = rest.first, first == " " || (first == "-" && rest.dropFirst().first == " ") {
                rest = rest.dropFirst()
            }
            let afterKey = rest.dropFirst(2).drop(while: { $0 == " " })
            guard rest.hasPrefix("<<"), afterKey.first == ":",
                  afterKey.dropFirst().first.map({ $0 == " " || $0 == "\r" }) ?? true else { return line }
            count += 1
            return line[..<rest.startIndex] + "!merge\(count) " + rest
        }
        return lines.joined(separator: "\n")
    }

    /// The text from line `line` on, preceded by blank lines so that marks keep the file's line numbers.
    private static func paddedRemainder(of text: String, from line: Int) -> String {
        var seen = 1
        var index = text.utf8.startIndex
        while seen < line, let newline = text.utf8[index...].firstIndex(of: UInt8(ascii: "\n")) {
            index = text.utf8.index(after: newline)
            seen += 1
        }
        return String(repeating: "\n", count: seen - 1) + String(Substring(text.utf8[index...]))
    }

    /// A user-facing description of a Yams error and the 1-based line it points at.
    static func describe(_ error: any Error) -> (message: String, line: Int?) {
        guard let yamlError = error as? YamlError else { return ("\(error)", nil) }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return ("\(problem) at line \(mark.line), column \(mark.column)\(while_)", mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ("duplicate key \(duplicates.joined(separator: ", ")) in one mapping at line \(context.mark.line)",
                    context.mark.line)
        case .reader(let problem, let offset, _, let yaml):
            guard let offset else { return (problem, nil) }
            let prefix = yaml.prefix(offset)
            let line = prefix.reduce(1) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 }
            return ("\(problem) at line \(line)", line)
        default:
            return ("\(yamlError)", nil)
        }
    }
}
