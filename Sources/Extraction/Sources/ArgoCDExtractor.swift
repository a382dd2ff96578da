/// Argo CD Applications and ApplicationSets: sources whose `repoURL` is `oci://…` pull an OCI artifact
/// (a Helm chart): the reference is the repository, plus `/chart` when given, plus `:targetRevision`.
/// A revision that is a range (`1.2.*`, `>=1.0`) is chosen by Argo CD when it syncs.
enum ArgoCDExtractor {
    static let kind = "argocd/oci-source"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            let resource = KubernetesExtractor.resourceName(root)
            root.walk { cursor, _ in
                guard cursor.isMapping, let url = cursor["repoURL"], let text = url.string, text.hasPrefix("oci://") else {
                    return .descend
                }
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
}
