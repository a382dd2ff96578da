/// kustomize `kustomization.yaml`: each `images:` entry that changes an image (`newName`, `newTag`,
/// `digest`) names the image the rendered manifests will use: `(newName ?? name)[:newTag][@digest]`,
/// recorded at the line of the first changed field. The kustomization also defines which local
/// `resources`/`bases`/`components` it renders and each replacement for each of them, so the placeholder a
/// manifest there writes (`controller:latest`) resolves to the replacement (see `KustomizeReplacements`).
enum KustomizeExtractor {
    static let kind = "kustomize/image"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            let targets = resourceTargets(root, kustomization: path)
            for target in targets {
                collector.define(namespace: KustomizeReplacements.namespace, name: target, value: path, line: root.line)
            }
            for entry in root["images"]?.items ?? [] {
                guard let name = entry["name"]?.string else { continue }
                let newName = entry["newName"]
                let newTag = entry["newTag"]
                let digest = entry["digest"]
                guard let lineCursor = newName ?? newTag ?? digest, lineCursor.string != nil else { continue }
                var raw = newName?.string ?? name
                if let tag = newTag?.string, !tag.isEmpty { raw += ":" + tag }
                if let digest = digest?.string, !digest.isEmpty { raw += "@" + digest }
                collector.add(kind: kind, line: lineCursor.line,
                              context: FactCollector.context("images[\(name)]", alias: lineCursor.alias),
                              raw: raw, value: ImageExpressions.plain(raw))
                guard ImageExpressions.unresolvedReason(raw) == nil else { continue }
                for target in targets {
                    collector.define(namespace: KustomizeReplacements.namespace, name: KustomizeReplacements.key(target: target, image: name),
                                     value: raw, line: lineCursor.line)
                }
            }
        }
        return collector.facts
    }

    /// Repository paths of the local files (and, ending in `/`, folders) a kustomization renders; remote
    /// resources (URLs, `?ref=`) and paths leaving the repository are not the branch's files.
    static func resourceTargets(_ root: YAMLCursor, kustomization path: String) -> [String] {
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        var targets: [String] = []
        for list in ["resources", "bases", "components"] {
            for item in root[list]?.items ?? [] {
                guard let entry = item.string, !entry.contains("://"), !entry.contains("?"), !entry.hasPrefix("/") else { continue }
                var parts = folder.filter { !$0.isEmpty }
                var valid = true
                for segment in entry.split(separator: "/") {
                    switch segment {
                    case ".": continue
                    case "..": if parts.isEmpty { valid = false } else { parts.removeLast() }
                    default: parts.append(String(segment))
                    }
                }
                guard valid, !parts.isEmpty else { continue }
                let joined = parts.joined(separator: "/")
                let lower = joined.lowercased()
                let isFile = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
                targets.append(isFile ? joined : joined + "/")
            }
        }
        return targets
    }
}
