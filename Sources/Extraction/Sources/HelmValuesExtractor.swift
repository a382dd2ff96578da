/// Helm `values.yaml` files: images written as `image: "repo:tag"` or as a mapping of `registry`,
/// `repository` (or `name`/`repo`), `tag` (or `version`) and `digest` (reassembled into one reference at the line of
/// the repository), under `image` or any `…Image` key. Image-related leaves are also defined as
/// `helm/value:<dotted.path>` so chart templates (`{{ .Values.image.tag }}`) resolve against them.
enum HelmValuesExtractor {
    static let kind = "helm/values-image"
    /// Most leaves defined for templates per file.
    static let maxDefinitions = 1000

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            root.walk { cursor, key in
                guard let key else { return .descend }
                let lower = key.lowercased()
                if cursor.isMapping, lower == "image" || lower.hasSuffix("image") {
                    recordMapping(cursor, collector: &collector)
                    return .descend
                }
                if let text = cursor.string {
                    if lower == "image" || (lower.hasSuffix("image") && (text.contains(":") || text.contains("/"))) {
                        collector.add(kind: kind, at: cursor, context: cursor.pathDescription)
                    }
                    defineLeaf(cursor, text: text, collector: &collector)
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

    private static let imageWords = ["image", "tag", "registry", "repository", "repo", "version", "digest"]

    private static func defineLeaf(_ cursor: YAMLCursor, text: String, collector: inout FactCollector) {
        guard !text.isEmpty, collector.facts.definitions.count < maxDefinitions,
              !cursor.path.contains(where: { $0.hasPrefix("[") }),
              cursor.path.contains(where: { segment in imageWords.contains { segment.lowercased().contains($0) } }) else { return }
        collector.define(namespace: HelmTemplate.valueNamespace, name: cursor.path.joined(separator: "."), value: text, line: cursor.line)
    }
}
