/// The images a kustomization's `images:` entries put in place of what its resources write.
///
/// kubebuilder-style manifests write a placeholder (`image: controller:latest`) that the
/// `kustomization.yaml` listing them replaces (`images: [{name: controller, newName: …, newTag: …}]`);
/// the placeholder never runs. `KustomizeExtractor` defines which local resources each kustomization
/// renders (a file, or a folder whose manifests it renders) and each replacement for each of them. A
/// literal `kubernetes/…` reference in such a file takes, from the nearest resource entry naming it, what
/// each kustomization rendering it runs: its replacement, or the image as written when it has none for
/// that name — one reference per distinct image (overlays may replace it differently).
struct KustomizeReplacements {
    /// Namespace of the definitions: `<resource path>` (folders end in `/`) is defined as the
    /// kustomization rendering it, `<resource path>#<image name>` as the replacement it applies there.
    static let namespace = "kustomize/replacement"

    /// resource path -> kustomizations rendering it, by path.
    private let renderers: [String: [String]]
    /// kustomization path -> "<resource path>#<image name>" -> replacement.
    private let replaced: [String: [String: String]]

    /// The definition name for `image` replaced in `target` (a file path, or a folder path ending in `/`).
    static func key(target: String, image: String) -> String {
        target + "#" + image
    }

    init(files: [String: FileFacts]) {
        var renderers: [String: [String]] = [:]
        var replaced: [String: [String: String]] = [:]
        // Only files with a definition of this namespace add to the index; their order (by path) matters.
        let defining = files.compactMap { path, facts in
            facts.definitions.contains { $0.namespace == Self.namespace } ? path : nil
        }
        for path in defining.sorted() {
            for definition in files[path]?.definitions ?? [] where definition.namespace == Self.namespace {
                if definition.name.contains("#") {
                    replaced[path, default: [:]][definition.name] = definition.value
                } else if !(renderers[definition.name]?.contains(path) ?? false) {
                    renderers[definition.name, default: []].append(path)
                }
            }
        }
        self.renderers = renderers
        self.replaced = replaced
    }

    /// The images that run in place of `image`, written in a manifest at `path` with `kind`; empty when
    /// no kustomization rendering the file replaces it.
    func replacements(of image: String, kind: String, at path: String) -> [String] {
        guard kind.hasPrefix("kubernetes/"), !replaced.isEmpty else { return [] }
        let (name, tag) = Self.split(image)
        var targets = [path]
        var folder = path.split(separator: "/").dropLast()
        while !folder.isEmpty {
            targets.append(folder.joined(separator: "/") + "/")
            folder = folder.dropLast()
        }
        // The nearest resource entry naming the file decides.
        guard let target = targets.first(where: { renderers[$0] != nil }), let kustomizations = renderers[target] else { return [] }
        var out: [String] = []
        for kustomization in kustomizations {
            var value = image
            if let replacement = replaced[kustomization]?[Self.key(target: target, image: name)] {
                // kustomize keeps the manifest's tag when the entry gives neither a tag nor a digest.
                value = Self.split(replacement).tag.isEmpty ? replacement + tag : replacement
            }
            if !out.contains(value) { out.append(value) }
        }
        return out == [image] ? [] : out.sorted()
    }

    /// `name` and `:tag`/`@digest` suffix (with its separator) of an image as written.
    private static func split(_ image: String) -> (name: String, tag: String) {
        if let at = image.firstIndex(of: "@") { return (String(image[..<at]), String(image[at...])) }
        let lastSlash = image.lastIndex(of: "/") ?? image.startIndex
        if let colon = image[lastSlash...].lastIndex(of: ":") { return (String(image[..<colon]), String(image[colon...])) }
        return (image, "")
    }
}
