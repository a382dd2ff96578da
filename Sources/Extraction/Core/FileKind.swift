/// The kinds of file that can name images, decided from the path alone so a tree walk can pick
/// candidates without reading blobs. Content decides the rest (an Azure Pipelines file is any YAML
/// whose top-level keys say so).
public enum FileKind: String, Codable, Sendable, CaseIterable {
    case dockerfile
    case yaml
    case msbuild
    case devcontainer
    case quadlet
    /// A `.env` file: Compose's interpolation variables for the compose files of its folder.
    case composeEnv
    /// A shell or PowerShell script or a Makefile: the `docker`/`podman` commands in it.
    case script
    /// A .NET ImageBuilder `manifest.json`: the build arguments its platforms pass to their Dockerfiles.
    case imageBuilderManifest
    /// A Helm chart's `.tpl` helpers: the named templates its templates include.
    case helmHelpers
    /// A Marathon app or group definition in JSON, recognized by its name (`marathon.json`, …).
    case marathon
    /// A Docker Bake file (`docker-bake.hcl`, `docker-bake.json` and their `.override` forms).
    case bake
    /// A jsonnet or libsonnet source (`*.jsonnet`, `*.libsonnet`): image fields and image maps.
    case jsonnet

    /// Endings of `Dockerfile.*` names that mark a file about a Dockerfile rather than one.
    static let notDockerfileSuffixes: Set<String> = [
        "md", "txt", "rst", "json", "yml", "yaml", "sh", "ps1", "cmd", "bat", "py", "xml", "html", "orig", "bak",
    ]

    /// The kind of file at a repository-relative path, or `nil` when it cannot name images.
    public static func classify(path: String) -> FileKind? {
        // Most files of a tree (`.cs`, `.txt`, `.png`) match no rule: an ASCII path is turned away by its
        // name's ending before any of the rules' string work.
        if NameScreen.excludes(path) { return nil }
        return classifyByRules(path: path)
    }

    /// `classify(path:)` without the screen: every rule, in order.
    static func classifyByRules(path: String) -> FileKind? {
        let name = lastComponent(of: path)
        let lower = name.lowercased()
        if lower == "dockerfile" || lower == "containerfile"
            || lower.hasSuffix(".dockerfile") || lower.hasSuffix(".containerfile") {
            return .dockerfile
        }
        if lower.hasPrefix("dockerfile.") || lower.hasPrefix("containerfile.") {
            // `Dockerfile.alpine` is a Dockerfile; `Dockerfile.md` or `Dockerfile.sh` is documentation or a script.
            let suffix = lower[lower.index(after: lower.firstIndex(of: ".") ?? lower.startIndex)...]
            return notDockerfileSuffixes.contains(String(suffix.split(separator: ".").last ?? "")) ? nil : .dockerfile
        }
        if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") { return .yaml }
        // Agentic workflows: only their YAML front matter is read (see GitHubAgenticWorkflow), and their
        // names end in `.md` (tested first: the full test splits the whole path).
        if lower.hasSuffix(".md"), GitHubAgenticWorkflow.isWorkflow(path: path) { return .yaml }
        if lower.hasSuffix(".proj") || lower.hasSuffix(".props") || lower.hasSuffix(".targets")
            || lower.hasSuffix(".csproj") || lower.hasSuffix(".fsproj") || lower.hasSuffix(".vbproj") {
            return .msbuild
        }
        if lower == "devcontainer.json" || lower == ".devcontainer.json" { return .devcontainer }
        // Marathon's names end in `.json` (lower-cased with the whole path, which an ASCII path keeps apart).
        if lower.hasSuffix(".json") || path.utf8.contains(where: { $0 >= 0x80 }), MarathonExtractor.isCandidate(path: path) {
            return .marathon
        }
        if lower.hasSuffix(".container") { return .quadlet }
        // Quadlet `.image` units pull an image; `.volume` units may be backed by one (`Driver=image`).
        if lower.hasSuffix(".image") || lower.hasSuffix(".volume") { return .quadlet }
        if name == ".env" { return .composeEnv }
        if ImageBuilderManifestExtractor.isManifest(name: name) { return .imageBuilderManifest }
        if HelmHelpersExtractor.isHelpers(name: name) { return .helmHelpers }
        // Bake's default names, and HCL files named for Bake (`bake.hcl`, `bake_apps.hcl`) that `--file` passes;
        // Packer templates (`bake-ami.pkr.hcl`) "bake" machine images and are not Bake files.
        if ["docker-bake.json", "docker-bake.override.json"].contains(lower)
            || (lower.hasSuffix(".hcl") && lower.contains("bake") && !lower.hasSuffix(".pkr.hcl")) {
            return .bake
        }
        if JsonnetExtractor.isJsonnet(name: name) { return .jsonnet }
        if lower.hasSuffix(".sh") || lower.hasSuffix(".bash") || lower.hasSuffix(".ps1")
            || lower == "makefile" || lower == "gnumakefile" || lower.hasSuffix(".mk")
            // `Makefile.common`, `Makefile.docker`; `Makefile.in` is a configure template, not make input yet.
            || (lower.hasPrefix("makefile.") && !lower.hasSuffix(".in")) {
            return .script
        }
        return nil
    }

    /// The last `/`-separated component of `path`, as `path.split(separator: "/").last ?? path` reads it
    /// (trailing slashes ignored), found without splitting the whole path when its last `/` stands between
    /// ASCII bytes: no grapheme cluster then joins that `/` to a neighbour, so it is a separator of the split.
    static func lastComponent(of path: String) -> String {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        let after = utf8.index(after: slash)
        if after != utf8.endIndex, utf8[after] < 0x80, slash == utf8.startIndex || utf8[utf8.index(before: slash)] < 0x80 {
            return String(path[after...])
        }
        return path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Whether a candidate of `kind` is worth reading in a folder whose file names are `siblings`: a
    /// `.env` file only serves compose files beside it, so it is read only where one sits.
    public static func isRead(_ kind: FileKind, siblings: some Sequence<String>) -> Bool {
        guard kind == .composeEnv else { return true }
        return siblings.contains { name in
            let lower = name.lowercased()
            return (lower.hasPrefix("compose") || lower.hasPrefix("docker-compose"))
                && (lower.hasSuffix(".yml") || lower.hasSuffix(".yaml"))
        }
    }
}
