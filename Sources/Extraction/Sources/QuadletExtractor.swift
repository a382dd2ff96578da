import Foundation

/// Podman Quadlet `.container` units: `Image=` in the `[Container]` section (kind `quadlet/image`).
/// Comments (`#`, `;`) and backslash continuations follow systemd; surrounding quotes are removed.
/// A value ending in `.image` or `.build` names another Quadlet unit, not a registry image.
public enum QuadletExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    public static let version = 1
    static let kind = "quadlet/image"

    /// Facts of the Quadlet unit at `path`.
    public static func extract(path: String, text: String) -> FileFacts {
        var collector = FactCollector()
        var section = ""
        var pending: (line: Int, text: String)?
        var number = 0
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var line = String(Substring(rawLine.prefix(YAMLDocuments.maxScannedLineLength)))
            if line.hasSuffix("\r") { line.removeLast() }
            if var continued = pending {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
                if line.hasSuffix("\\") {
                    continued.text += " " + String(trimmed.dropLast())
                    pending = continued
                    continue
                }
                continued.text += " " + trimmed
                pending = nil
                handle(continued, section: section, collector: &collector)
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                section = String(trimmed.dropFirst().dropLast())
                continue
            }
            if trimmed.hasSuffix("\\") {
                pending = (number, String(trimmed.dropLast()))
                continue
            }
            handle((number, trimmed), section: section, collector: &collector)
        }
        if let pending { handle(pending, section: section, collector: &collector) }
        return collector.facts
    }

    private static func handle(_ entry: (line: Int, text: String), section: String, collector: inout FactCollector) {
        guard section == "Container", let equals = entry.text.firstIndex(of: "=") else { return }
        let key = entry.text[..<equals].trimmingCharacters(in: .whitespaces)
        guard key == "Image" else { return }
        var value = entry.text[entry.text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        guard !value.isEmpty else { return }
        let expression: ImageExpression
        if value.hasSuffix(".image") || value.hasSuffix(".build") {
            expression = .unresolved(reason: "\(value) is another Quadlet unit that provides the image")
        } else if value.contains("%") {
            expression = .unresolved(reason: "systemd specifier in \(value) is expanded when the unit starts")
        } else {
            expression = ImageExpressions.plain(value)
        }
        collector.add(kind: kind, line: entry.line, context: "[Container] Image", raw: value, value: expression)
    }
}
