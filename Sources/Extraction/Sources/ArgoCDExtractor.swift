/// Argo CD Applications and ApplicationSets: sources whose `repoURL` is `oci://…` pull an OCI artifact
/// (a Helm chart): the reference is the repository, plus `/chart` when given, plus `:targetRevision`.
/// A revision that is a range (`1.2.*`, `>=1.0`) is chosen by Argo CD when it syncs. A source's
/// `kustomize.images` overrides name the images its rendered manifests run.
enum ArgoCDExtractor {
    static let kind = "argocd/oci-source"
    /// An image override in a source's `kustomize.images`.
    static let kustomizeImageKind = "argocd/kustomize-image"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            let resource = KubernetesExtractor.resourceName(root)
            root.walk { cursor, key in
                if key == "kustomize", cursor.isMapping {
                    recordKustomizeImages(cursor, resource: resource, collector: &collector)
                    return .skipChildren
                }
                guard cursor.isMapping, let url = cursor["repoURL"], let text = url.string, text.hasPrefix("oci://") else {
                    return .descend
                }
                if let kustomize = cursor["kustomize"] { recordKustomizeImages(kustomize, resource: resource, collector: &collector) }
                var raw = text
                if let chart = cursor["chart"]?.string, !chart.isEmpty { raw += "/" + chart }
                let revision = cursor["targetRevision"]?.string ?? ""
                if !revision.isEmpty { raw += ":" + revision }
                let value: ImageExpression
                if revision.contains(where: { "*^~<>= |".contains($0) }) {
                    value = .unresolved(reason: "targetRevision \(revision) is a version range that Argo CD resolves when it syncs")
                } else {
                    value = ImageExpressions.plain(String(raw.dropFirst("oci://".count)))
                }
                let context = [resource, cursor.pathDescription].compactMap { $0 }.joined(separator: " ")
                collector.add(kind: kind, line: url.line, context: FactCollector.context(context, alias: url.alias), raw: raw, value: value)
                return .skipChildren
            }
        }
        return collector.facts
    }

    /// A source's `kustomize.images` overrides (`name=registry/image:tag`, or `registry/image:tag` that
    /// replaces the image of the same name): the right-hand side is the image the rendered manifests run.
    private static func recordKustomizeImages(_ kustomize: YAMLCursor, resource: String?, collector: inout FactCollector) {
        guard let images = kustomize["images"], images.isSequence else { return }
        for (index, entry) in images.items.enumerated() {
            guard let text = entry.string else { continue }
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts.count == 2 ? String(parts[0]) : nil
            let image = String(parts.last ?? "")
            guard !image.isEmpty else { continue }
            let label = name ?? String(index)
            let context = [resource, "\(images.pathDescription)[\(label)]"].compactMap { $0 }.joined(separator: " ")
            collector.add(kind: kustomizeImageKind, line: entry.line, context: FactCollector.context(context, alias: entry.alias),
                          raw: text, value: ImageExpressions.plain(image))
        }
    }
}
