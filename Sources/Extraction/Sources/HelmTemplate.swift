import Foundation

/// Helm's `{{ … }}` actions in a value of a chart template. Simple lookups (`.Values.a.b`,
/// `.Chart.AppVersion`, `.Chart.Version`, optionally piped to `quote`) become placeholders that the
/// chart's `values.yaml` and `Chart.yaml` define; `include "name" .` (or `template`) of a named template
/// becomes a placeholder its helpers file defines (see `HelmHelpersExtractor`); anything else (functions, `default`, conditionals) is
/// rendered only by Helm and stays unresolved.
enum HelmTemplate {
    /// Placeholder namespace for `values.yaml` leaves, named by their dotted path (`image.tag`).
    static let valueNamespace = "helm/value"
    /// Placeholder namespace for `Chart.yaml` fields (`appVersion`, `version`).
    static let chartNamespace = "helm/chart"

    /// Placeholder namespace of a value `HelmRenderer` renders with the chart's values: the name is the
    /// variables and `with` blocks the line sits in, then the value, `escaped`, separated by `renderSeparator`.
    static let renderNamespace = "helm/render"
    static let renderSeparator = "\u{1F}"

    /// The expression for a template value, or `nil` when it holds no `{{`. `file` is the chart template
    /// the value is written in, read for the blocks and variables around `line` (`nil` outside a chart:
    /// only plain lookups are read there).
    static func expression(_ raw: String, line: Int? = nil, file: HelmTemplateFile? = nil) -> ImageExpression? {
        guard raw.contains("{{") else { return nil }
        let context = line.flatMap { file?.context(at: $0) } ?? HelmTemplateFile.Context()
        if let simple = simpleExpression(raw, context: context) { return simple }
        if let reason = context.unrendered { return .unresolved(reason: reason) }
        // Outside a chart's templates there are no values to render with.
        guard file != nil, !raw.contains(renderSeparator) else {
            return .unresolved(reason: "Helm template value \(HelmHelpersExtractor.sanitized(Substring(raw))) is rendered by Helm")
        }
        // The whole value is rendered at once: its actions may open blocks that others close.
        let prelude = context.prelude(for: raw)
        return .symbolic(text: SymbolPlaceholder.make(namespace: renderNamespace,
                                                      name: (prelude + [raw]).map(escaped).joined(separator: renderSeparator)))
    }

    /// `text` with its action delimiters replaced, so that a placeholder's name holds no `{{`/`}}`.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "{{", with: "\u{2}").replacingOccurrences(of: "}}", with: "\u{3}")
    }

    /// The text `escaped` replaced.
    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{2}", with: "{{").replacingOccurrences(of: "\u{3}", with: "}}")
    }

    /// The value as plain lookups (`.Values.a`, `.Chart.AppVersion`, `include "x" .`), or `nil` when
    /// some action is more than that or a `with`/`range` rebinds `.` around it.
    private static func simpleExpression(_ raw: String, context: HelmTemplateFile.Context) -> ImageExpression? {
        var output = ""
        var rest = Substring(raw)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) else {
                return .unresolved(reason: "unterminated Helm template action")
            }
            var action = rest[open.upperBound..<close.lowerBound]
            if action.hasPrefix("-") { action = action.dropFirst() }
            if action.hasSuffix("-") { action = action.dropLast() }
            let trimmed = action.trimmingWhitespace()
            // A simple lookup means what it says unless a `with` or `range` rebinds `.` around it.
            guard !context.rebindsDot || trimmed.hasPrefix("$."), let placeholder = placeholder(for: trimmed) else { return nil }
            output += placeholder
            rest = rest[close.upperBound...]
        }
        output += rest
        return .symbolic(text: output)
    }

    /// The chart folder of a template path (`chart/templates/x.yaml` → `chart`), or `nil`.
    static func chartFolder(ofTemplate path: String) -> String? {
        var components = path.split(separator: "/").map(String.init)
        guard let index = components.lastIndex(of: "templates") else { return nil }
        components.removeSubrange(index...)
        return components.joined(separator: "/")
    }

    /// The includes that connect a template to its chart's `values.yaml` and `Chart.yaml`.
    static func chartIncludes(folder: String, line: Int) -> [FileInclude] {
        let prefix = folder.isEmpty ? "" : folder + "/"
        return [FileInclude(path: prefix + "values.yaml", line: line), FileInclude(path: prefix + "Chart.yaml", line: line)]
    }

    private static func placeholder(for action: String) -> String? {
        var parts = action.split(separator: "|").map { $0.trimmingWhitespace() }
        guard let first = parts.first else { return nil }
        parts.removeFirst()
        guard parts.allSatisfy({ $0 == "quote" || $0 == "toString" || $0 == "trim" }) else { return nil }
        if let name = HelmHelpersExtractor.includedName(Substring(first)) {
            return SymbolPlaceholder.make(namespace: HelmHelpersExtractor.defineNamespace, name: name)
        }
        if first == ".Chart.AppVersion" { return SymbolPlaceholder.make(namespace: chartNamespace, name: "appVersion") }
        if first == ".Chart.Version" { return SymbolPlaceholder.make(namespace: chartNamespace, name: "version") }
        for prefix in [".Values.", "$.Values."] where first.hasPrefix(prefix) {
            let path = String(first.dropFirst(prefix.count))
            let valid = !path.isEmpty && path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { segment in
                !segment.isEmpty && segment.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" }
            }
            return valid ? SymbolPlaceholder.make(namespace: valueNamespace, name: path) : nil
        }
        return nil
    }
}
