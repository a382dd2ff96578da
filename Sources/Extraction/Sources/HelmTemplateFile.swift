/// The actions of one chart template file, read to know what surrounds an image line: the `$x :=`
/// variables declared before it that are still in scope, the `with` blocks that rebind `.` around it,
/// and whether it sits in a `range` or `define` block, which census does not render.
final class HelmTemplateFile {
    /// What surrounds one line of a template.
    struct Context {
        /// The declarations and block conditions in scope, outermost first: `$d := dict …`, `with .Values.a`,
        /// `if .Values.b` (a branch of an `if`/`else` chain), `guard .Values.d` (an `if` without `else`), and
        /// `unless .Values.c` for an earlier branch of an `else` the line is in.
        var entries: [String] = []
        /// Whether a `with` or `range` block rebinds `.` around the line.
        var rebindsDot = false
        /// Why the line is not rendered by census (it sits in a `range` or a `define`), if so.
        var unrendered: String?

        /// The entries `action` needs: every block condition, and the declarations it (or a needed
        /// entry) names, in order.
        func prelude(for action: String) -> [String] {
            var needed = action
            var kept: [String] = []
            for entry in entries.reversed() {
                if ["with ", "if ", "unless ", "guard "].contains(where: entry.hasPrefix) {
                    kept.append(entry)
                    needed += " " + entry
                } else if let assignment = HelmHelpersExtractor.assignment(entry), Self.names(assignment.name, in: needed) {
                    kept.append(entry)
                    needed += " " + assignment.expression
                }
            }
            return kept.reversed()
        }

        /// Whether `text` uses the variable `$name` (not a longer name starting the same).
        private static func names(_ name: String, in text: String) -> Bool {
            var rest = Substring(text)
            while let found = rest.range(of: "$" + name) {
                let after = rest[found.upperBound...].first
                if after == nil || !(after!.isLetter || after!.isNumber || after! == "_") { return true }
                rest = rest[found.upperBound...]
            }
            return false
        }
    }

    /// Most entries one line's context keeps; past it the line is not rendered.
    static let maxEntries = 64

    private let tokens: [HelmHelpersExtractor.Token]
    /// The token indices of the `if` actions whose block has an `else`: their branches are alternatives.
    private let chains: Set<Int>

    init(text: String) {
        tokens = HelmHelpersExtractor.tokenize(text, budget: ExtractionBudget(steps: 4 * text.utf8.count + 1000))
        var open: [(index: Int, keyword: String)] = []
        var chains: Set<Int> = []
        for (index, token) in tokens.enumerated() {
            guard case .action(let action, _, _, _) = token else { continue }
            switch HelmHelpersExtractor.firstWord(action) {
            case let keyword where ["if", "with", "range", "define", "block"].contains(keyword): open.append((index, keyword))
            case "else": if let last = open.last, last.keyword == "if" { chains.insert(last.index) }
            case "end": _ = open.popLast()
            default: break
            }
        }
        self.chains = chains
    }

    /// The context of `line`: the actions written on earlier lines decide it. Lines asked in order
    /// (as extractors ask them) cost one pass over the file in all; a line before the last one asked
    /// starts the pass again.
    func context(at line: Int) -> Context {
        if line < scan.line { scan = Scan() }
        scan.line = line
        while scan.position < tokens.count {
            guard case .action(let action, _, _, let actionLine) = tokens[scan.position] else {
                scan.position += 1
                continue
            }
            if actionLine >= line { break }
            read(action, at: scan.position)
            scan.position += 1
        }
        var context = Context()
        guard !scan.overflow else {
            context.unrendered = "more than \(Self.maxEntries) variables and blocks surround the image"
            return context
        }
        for frame in scan.frames {
            if frame.keyword == "range" {
                context.rebindsDot = true
                context.unrendered = "the image is written inside a {{ range }} block, which census does not render"
            }
            if frame.keyword == "define" || frame.keyword == "block" {
                context.unrendered = "the image is written inside a named template, which census renders only from the chart's helpers"
            }
            if frame.keyword == "with" { context.rebindsDot = true }
            context.entries += frame.entries
        }
        if context.entries.count > Self.maxEntries {
            context.unrendered = context.unrendered ?? "more than \(Self.maxEntries) variables and blocks surround the image"
            context.entries = []
        }
        return context
    }

    /// Where the pass over the file's actions stands.
    private struct Scan {
        /// The line the pass has read up to (actions on earlier lines).
        var line = 0
        var position = 0
        /// Each open block: its keyword, the conditions of its chain so far, and its entries.
        var frames: [(keyword: String, conditions: [String], entries: [String])] = [("", [], [])]
        /// Set once the blocks nest or the entries grow past what a line keeps (`maxEntries`).
        var overflow = false
    }

    private var scan = Scan()

    private func read(_ action: String, at index: Int) {
        let keyword = HelmHelpersExtractor.firstWord(action)
        let header = action.dropFirst(keyword.count).trimmingWhitespaceAndNewlines()
        switch keyword {
        case "if" where !chains.contains(index):
            // A plain `if` guards a part of the chart (`if .Values.x.enabled`): the line is read as it
            // renders once the guard is on, unless it then renders no image (see `HelmRenderer`).
            open((keyword, [header], ["guard \(header)"]))
        case "if", "with":
            open((keyword, [header], ["\(keyword) \(header)"]))
        case "range", "define", "block":
            open((keyword, [], []))
        case "else":
            // Another branch: the earlier ones were not taken, and their declarations no longer apply.
            guard scan.frames.count > 1, let last = scan.frames.last,
                  last.keyword == "if" || last.keyword == "with" || last.keyword == "else" else { break }
            guard last.conditions.count < Self.maxEntries else { scan.overflow = true; break }
            let unless = last.conditions.map { "unless " + $0 }
            let rest = header.trimmingWhitespace()
            let next = HelmHelpersExtractor.firstWord(rest)
            if next == "if" || next == "with" {
                let condition = rest.dropFirst(next.count).trimmingWhitespaceAndNewlines()
                scan.frames[scan.frames.count - 1] = (next, last.conditions + [condition], unless + ["\(next) \(condition)"])
            } else {
                scan.frames[scan.frames.count - 1] = ("else", last.conditions, unless)
            }
        case "end":
            if scan.frames.count > 1 { scan.frames.removeLast() }
        default:
            guard HelmHelpersExtractor.assignment(action) != nil else { break }
            if scan.frames[scan.frames.count - 1].entries.count < Self.maxEntries {
                scan.frames[scan.frames.count - 1].entries.append(action)
            } else {
                scan.overflow = true
            }
        }
    }

    private func open(_ frame: (keyword: String, conditions: [String], entries: [String])) {
        // Deeper blocks than any real chart's are counted (so `end` still pairs) but keep nothing.
        if scan.frames.count > HelmHelpersExtractor.maxNesting * 4 { scan.overflow = true }
        scan.frames.append(frame)
    }
}
