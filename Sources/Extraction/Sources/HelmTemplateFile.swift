/// The actions of one chart template file, read to know what surrounds an image line: the `$x :=`
/// variables declared before it that are still in scope, the `with` blocks that rebind `.` around it,
/// and whether it sits in a `range` or `define` block, which census does not render.
struct HelmTemplateFile {
    /// What surrounds one line of a template.
    struct Context {
        /// The declarations and `with` headers in scope, outermost first (`$d := dict …`, `with .Values.a`).
        var entries: [String] = []
        /// Whether a `with` or `range` block rebinds `.` around the line.
        var rebindsDot = false
        /// Why the line is not rendered by census (it sits in a `range` or a `define`), if so.
        var unrendered: String?

        /// The entries `action` needs: every `with` header, and the declarations it (or a needed
        /// declaration) names, in order.
        func prelude(for action: String) -> [String] {
            var needed = action
            var kept: [String] = []
            for entry in entries.reversed() {
                if entry.hasPrefix("with ") {
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

    init(text: String) {
        tokens = HelmHelpersExtractor.tokenize(text, budget: ExtractionBudget(steps: 4 * text.utf8.count + 1000))
    }

    /// The context of `line`: the actions written on earlier lines decide it.
    func context(at line: Int) -> Context {
        var frames: [(keyword: String, entries: [String])] = [("", [])]
        for token in tokens {
            guard case .action(let action, _, _, let actionLine) = token else { continue }
            if actionLine >= line { break }
            let keyword = HelmHelpersExtractor.firstWord(action)
            switch keyword {
            case "if", "range", "define", "block":
                frames.append((keyword, []))
            case "with":
                frames.append((keyword, ["with " + action.dropFirst(4).trimmingCharacters(in: .whitespacesAndNewlines)]))
            case "else":
                // Another branch: the previous branch's declarations and `with` value no longer apply.
                if frames.count > 1 { frames[frames.count - 1] = (frames[frames.count - 1].keyword == "with" ? "if" : frames[frames.count - 1].keyword, []) }
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
