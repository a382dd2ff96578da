/// The actions of one chart template file, read to know what surrounds an image line: the `$x :=`
/// variables declared before it that are still in scope, the `with` blocks that rebind `.` around it,
/// and whether it sits in a `range` or `define` block, which census does not render.
struct HelmTemplateFile {
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

    /// The context of `line`: the actions written on earlier lines decide it.
    func context(at line: Int) -> Context {
        // Each open block: its keyword, the conditions of its chain so far, and its entries.
        var frames: [(keyword: String, conditions: [String], entries: [String])] = [("", [], [])]
        for (index, token) in tokens.enumerated() {
            guard case .action(let action, _, _, let actionLine) = token else { continue }
            if actionLine >= line { break }
            let keyword = HelmHelpersExtractor.firstWord(action)
            let header = action.dropFirst(keyword.count).trimmingCharacters(in: .whitespacesAndNewlines)
            switch keyword {
            case "if" where !chains.contains(index):
                // A plain `if` guards a part of the chart (`if .Values.x.enabled`): the line is read as it
                // renders once the guard is on, unless it then renders no image (see `HelmRenderer`).
                frames.append((keyword, [header], ["guard \(header)"]))
            case "if", "with":
                frames.append((keyword, [header], ["\(keyword) \(header)"]))
            case "range", "define", "block":
                frames.append((keyword, [], []))
            case "else":
                // Another branch: the earlier ones were not taken, and their declarations no longer apply.
                guard frames.count > 1, let last = frames.last, last.keyword == "if" || last.keyword == "with" || last.keyword == "else" else { break }
                let unless = last.conditions.map { "unless " + $0 }
                let rest = header.trimmingCharacters(in: .whitespaces)
                let next = HelmHelpersExtractor.firstWord(rest)
                if next == "if" || next == "with" {
                    let condition = rest.dropFirst(next.count).trimmingCharacters(in: .whitespacesAndNewlines)
                    frames[frames.count - 1] = (next, last.conditions + [condition], unless + ["\(next) \(condition)"])
                } else {
                    frames[frames.count - 1] = ("else", last.conditions, unless)
                }
            case "end":
                if frames.count > 1 { frames.removeLast() }
            default:
                if HelmHelpersExtractor.assignment(action) != nil { frames[frames.count - 1].entries.append(action) }
            }
        }
        var context = Context()
        for frame in frames {
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
        }
        return context
    }
}
