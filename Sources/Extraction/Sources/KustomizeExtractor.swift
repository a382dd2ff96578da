/// kustomize `kustomization.yaml`: each `images:` entry that changes an image (`newName`, `newTag`,
/// `digest`) names the image the rendered manifests will use: `(newName ?? name)[:newTag][@digest]`,
/// recorded at the line of the first changed field.
enum KustomizeExtractor {
    static let kind = "kustomize/image"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
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
            }
        }
        return collector.facts
    }
}
