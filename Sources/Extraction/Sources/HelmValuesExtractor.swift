import Foundation
import Yams

/// Helm `values.yaml` files: images written as `image: "repo:tag"` or as a mapping of `registry`,
/// `repository` (or `name`/`repo`), `tag` (or `version`) and `digest` (reassembled into one reference at the line of
/// the repository), under `image` or any `…Image` key. Image-related leaves are also defined as
/// `helm/value:<dotted.path>` so chart templates (`{{ .Values.image.tag }}`) resolve against them.
enum HelmValuesExtractor {
    static let kind = "helm/values-image"
    /// Most leaves defined for templates per file.
    static let maxDefinitions = 1000
    /// Placeholder namespace of a value's Helm truthiness (`true` or `unknown`; a false value is not
    /// defined, as an absent one), named by its dotted path, so a helper's `{{ if .Values.a.b }}` takes the
    /// branch `helm template` takes.
    static let truthNamespace = "helm/truth"
    /// Most truthiness definitions per file; past it the empty path is defined `incomplete`, because an
    /// absent value (false) can then no longer be told from one that was not recorded.
    static let maxTruths = 4000

    /// Namespace of the whole values document as `HelmValue` stored text (name empty), which
    /// `HelmRenderer` renders named templates with; a `helm/values-unreadable` definition says why not.
    static let documentNamespace = "helm/values-document"
    static let unreadableNamespace = "helm/values-unreadable"
    /// The largest stored values document (1 MiB; real charts' values are well under it).
    static let maxDocumentLength = 1 << 20

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        if path == "values.yaml" || path.hasSuffix("/values.yaml"), let root = roots.first {
            var nodes = 0
            if let stored = HelmValue.from(root.node, nodes: &nodes)?.storedText, stored.utf8.count <= maxDocumentLength {
                collector.define(namespace: documentNamespace, name: "", value: stored, line: root.line)
            } else {
                collector.define(namespace: unreadableNamespace, name: "",
                                 value: "values.yaml is larger or deeper than census renders templates with", line: root.line)
            }
        }
        var truths = 0
        for root in roots {
            root.walk { cursor, key in
                guard let key else { return .descend }
                defineTruth(cursor, count: &truths, collector: &collector)
                let lower = key.lowercased()
                if cursor.isMapping, lower == "image" || lower.hasSuffix("image") {
                    recordMapping(cursor, collector: &collector)
                    return .descend
                }
                if let text = cursor.string {
                    if lower == "image" || (lower.hasSuffix("image") && (text.contains(":") || text.contains("/"))) {
                        collector.add(kind: kind, at: cursor, context: cursor.pathDescription)
                    }
                    defineLeaf(cursor, text: text, truths: truths, collector: &collector)
                }
                return .descend
            }
        }
        return collector.facts
    }

    private static func recordMapping(_ image: YAMLCursor, collector: inout FactCollector) {
        guard let repositoryCursor = image["repository"] ?? image["name"] ?? image["repo"],
              let repository = repositoryCursor.string, !repository.isEmpty else { return }
        var raw = repository
        if let registry = image["registry"]?.string, !registry.isEmpty { raw = registry + "/" + raw }
        // Some charts name the tag `version` (`image: {repository: x, version: 1.2}`); `tag` wins when both are given.
        let tag = image["tag"]?.string ?? image["version"]?.string ?? ""
        let digest = image["digest"]?.string ?? ""
        if !tag.isEmpty { raw += ":" + tag }
        if !digest.isEmpty { raw += (digest.contains(":") ? "@" : "@sha256:") + digest }
        let value: ImageExpression
        if tag.isEmpty && digest.isEmpty {
            value = .unresolved(reason: "no tag in the values: the chart's templates decide it (often .Chart.AppVersion)")
        } else {
            value = ImageExpressions.plain(raw)
        }
        collector.add(kind: kind, line: repositoryCursor.line,
                      context: FactCollector.context(image.pathDescription, alias: repositoryCursor.alias), raw: raw, value: value)
    }

    /// Helm's truthiness of a value as `helm template` sees it: false, 0, "", null and empty maps or
    /// lists are false. Plain `yes`/`no`/`on`/`off` are read differently by YAML 1.1 and 1.2 parsers, so
    /// they are `unknown`.
    private static func defineTruth(_ cursor: YAMLCursor, count: inout Int, collector: inout FactCollector) {
        guard !cursor.path.contains(where: { $0.hasPrefix("[") }), count <= maxTruths else { return }
        let truth: String
        switch cursor.node {
        case .mapping(let mapping): truth = mapping.isEmpty ? "false" : "true"
        case .sequence(let sequence): truth = sequence.isEmpty ? "false" : "true"
        case .scalar(let scalar):
            if scalar.style != .plain && scalar.style != .any {
                truth = scalar.string.isEmpty ? "false" : "true"
            } else {
                switch scalar.string {
                case "", "~", "null", "Null", "NULL", "false", "False", "FALSE": truth = "false"
                case "true", "True", "TRUE": truth = "true"
                case "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N":
                    truth = "unknown"
                default:
                    let number = scalar.string.trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
                    if let value = Double(number) { truth = value == 0 ? "false" : "true" } else { truth = "true" }
                }
            }
        default: truth = "unknown"
        }
        // An absent value is false too, so false values need no definition: fewer facts for big values files.
        guard truth != "false" else { return }
        count += 1
        if count > maxTruths {
            collector.define(namespace: truthNamespace, name: "", value: "incomplete", line: cursor.line)
            return
        }
        collector.define(namespace: truthNamespace, name: cursor.path.joined(separator: "."), value: truth, line: cursor.line)
    }

    private static let imageWords = ["image", "tag", "registry", "repository", "repo", "version", "digest"]

    private static func defineLeaf(_ cursor: YAMLCursor, text: String, truths: Int, collector: inout FactCollector) {
        // Truthiness definitions have their own bound: they must not crowd out the image leaves.
        guard !text.isEmpty, collector.facts.definitions.count - truths < maxDefinitions,
              !cursor.path.contains(where: { $0.hasPrefix("[") }),
              cursor.path.contains(where: { segment in imageWords.contains { segment.lowercased().containsBytes(of: $0) } }) else { return }
        collector.define(namespace: HelmTemplate.valueNamespace, name: cursor.path.joined(separator: "."), value: text, line: cursor.line)
    }
}
