/// Kubernetes manifests: every `image` of `containers`, `initContainers` and `ephemeralContainers`
/// wherever they stand in a document (Pods, workload templates, CronJob job templates, Lists, custom
/// resources that embed pod specs), across all documents of a file. Values written as Helm template
/// actions become placeholders of the chart's values (see `HelmTemplate`).
enum KubernetesExtractor {
    static let containerLists: [String: String] = [
        "containers": "kubernetes/container",
        "initContainers": "kubernetes/init-container",
        "ephemeralContainers": "kubernetes/ephemeral-container",
    ]

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        var usesChart = false
        for root in roots {
            let resource = resourceName(root)
            root.walk { cursor, key in
                guard let key, let kind = containerLists[key], cursor.isSequence else { return .descend }
                for container in cursor.items {
                    guard let image = container["image"] else { continue }
                    let name = container["name"]?.string.map { "[\($0)]" } ?? ""
                    let context = [resource, cursor.pathDescription + name].compactMap { $0 }.joined(separator: " ")
                    collector.add(kind: kind, at: image, context: context) { raw in
                        if let templated = HelmTemplate.expression(raw) {
                            if case .symbolic = templated { usesChart = true }
                            return templated
                        }
                        return ImageExpressions.plain(raw)
                    }
                }
                return .skipChildren
            }
        }
        if usesChart, let folder = HelmTemplate.chartFolder(ofTemplate: path) {
            for include in HelmTemplate.chartIncludes(folder: folder, line: 1) { collector.include(path: include.path, line: include.line) }
        }
        return collector.facts
    }

    /// `Kind/name` of a manifest, for contexts.
    static func resourceName(_ root: YAMLCursor) -> String? {
        guard let kind = root["kind"]?.string else { return nil }
        if let name = root["metadata"]?["name"]?.string { return "\(kind)/\(name)" }
        return kind
    }
}
