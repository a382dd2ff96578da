import Foundation

/// Podman Quadlet units: `Image=` in the `[Container]` section of a `.container` unit, in the `[Image]`
/// section of a `.image` unit (the image it pulls) and in the `[Volume]` section of a `.volume` unit
/// whose `Driver=image` (an image-backed volume; without that driver Podman ignores `Image=`), all of kind
/// `quadlet/image`. Comments (`#`, `;`) and backslash continuations follow systemd; surrounding quotes are
/// removed. A value ending in `.image` or `.build` names another Quadlet unit, not a registry image.
public enum QuadletExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    public static let version = 2
    /// The section whose `Image=` is an image, by the unit's file ending; `Volume` only with `Driver=image`.
    static let imageSections: [String: String] = [".container": "Container", ".image": "Image", ".volume": "Volume"]

    /// Whether other tools also use the ending of `path` (`.image`, `.volume`), so a binary file of that
    /// name is someone else's and not a broken unit.
    public static func sharesItsEnding(path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".image") || lower.hasSuffix(".volume")
    }

    /// The section holding the image in the unit at `path`, or `nil` for a unit kind without one.
    static func imageSection(path: String) -> String? {
        let lower = path.lowercased()
        return imageSections.first { lower.hasSuffix($0.key) }?.value
    }
    static let kind = "quadlet/image"

    /// Facts of the Quadlet unit at `path`.
    public static func extract(path: String, text: String) -> FileFacts {
        var collector = FactCollector()
        guard let imageSection = imageSection(path: path) else { return FileFacts() }
        var section = ""
        var pending: (line: Int, text: String)?
        var number = 0
        var volumeImages: [(line: Int, text: String)] = []
        var volumeDriverIsImage = false
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var line = String(Substring(rawLine.prefix(YAMLDocuments.maxScannedLineLength)))
            if line.hasSuffix("\r") { line.removeLast() }
            if var continued = pending {
                let trimmed = line.trimmingWhitespace()
                if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
                if line.hasSuffix("\\") {
                    continued.text += " " + String(trimmed.dropLast())
                    pending = continued
                    continue
                }
                continued.text += " " + trimmed
                pending = nil
                handle(continued, section: section, volumeImages: &volumeImages, volumeDriverIsImage: &volumeDriverIsImage,
                       collector: &collector)
                continue
            }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                // Only the unit's own section holds its image: `[Container]` of a `.container`, and so on.
                let name = String(trimmed.dropFirst().dropLast())
                section = name == imageSection ? name : ""
                continue
            }
            if trimmed.hasSuffix("\\") {
                pending = (number, String(trimmed.dropLast()))
                continue
            }
            handle((number, trimmed), section: section, volumeImages: &volumeImages, volumeDriverIsImage: &volumeDriverIsImage,
                   collector: &collector)
        }
        if let pending {
            handle(pending, section: section, volumeImages: &volumeImages, volumeDriverIsImage: &volumeDriverIsImage,
                   collector: &collector)
        }
        // `Driver=` may come after `Image=`: a volume's image is known only once the whole unit is read.
        if volumeDriverIsImage {
            for entry in volumeImages { record(entry, section: "Volume", collector: &collector) }
        }
        return collector.facts
    }

    private static func handle(_ entry: (line: Int, text: String), section: String, volumeImages: inout [(line: Int, text: String)],
                               volumeDriverIsImage: inout Bool, collector: inout FactCollector) {
        guard !section.isEmpty, let equals = entry.text.firstIndex(of: "=") else { return }
        let key = entry.text[..<equals].trimmingWhitespace()
        if section == "Volume", key == "Driver" {
            volumeDriverIsImage = unquoted(entry.text[entry.text.index(after: equals)...].trimmingWhitespace()) == "image"
            return
        }
        guard key == "Image" else { return }
        if section == "Volume" {
            volumeImages.append(entry)
        } else {
            record(entry, section: section, collector: &collector)
        }
    }

    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return text }
        return String(text.dropFirst().dropLast())
    }

    private static func record(_ entry: (line: Int, text: String), section: String, collector: inout FactCollector) {
        guard let equals = entry.text.firstIndex(of: "=") else { return }
        let value = unquoted(entry.text[entry.text.index(after: equals)...].trimmingWhitespace())
        guard !value.isEmpty else { return }
        let expression: ImageExpression
        if value.hasSuffix(".image") || value.hasSuffix(".build") {
            expression = .unresolved(reason: "\(value) is another Quadlet unit that provides the image")
        } else if value.contains("%") {
            expression = .unresolved(reason: "systemd specifier in \(value) is expanded when the unit starts")
        } else {
            expression = ImageExpressions.plain(value)
        }
        collector.add(kind: kind, line: entry.line, context: "[\(section)] Image", raw: value, value: expression)
    }
}
