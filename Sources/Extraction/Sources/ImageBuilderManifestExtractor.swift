/// .NET ImageBuilder manifests (`manifest.json` whose top level holds a `repos` list of `images` with
/// `platforms` naming a `dockerfile`): a platform's `buildArgs` feed the `ARG`s its Dockerfile declares
/// before the first `FROM`, so `FROM ${BASE_IMAGE}` pulls what the manifest passes.
///
/// Each platform with `buildArgs` gives one `imagebuilder/build-base` reference at its `buildArgs` line,
/// context `repos[<repo>].images[<i>].platforms[<j>].buildArgs (<Dockerfile path>)`, resolved exactly as a
/// Compose build's arguments are (see `ComposeBuildArgs`): the same placeholder, evaluated against the
/// Dockerfile's `FROM` lines that use a passed argument. `$(name)` is an ImageBuilder variable: the
/// manifest's own top-level `variables` replace it; one it does not define leaves that argument unpassed.
/// ImageBuilder resolves `dockerfile` from the repository root (the folder of the root manifest); a path
/// whose last part is not a Dockerfile name is a folder holding `Dockerfile`.
///
/// Each key of a platform's `tags` is one `imagebuilder/build-tag` reference at its line (a local build:
/// the name the manifest publishes the platform's Dockerfile as, never a pull), image
/// `<registry>/<repo name>:<tag>`, context `repos[<repo>].images[<i>].platforms[<j>].tags (<Dockerfile path>)`.
/// Tags marked `isLocal` and tags holding an ImageBuilder system variable (`$(System:TimeStamp)`, a new tag per
/// build) are left out. A manifest included by a root manifest (`includes`) takes the root's `registry` and
/// `variables`: the root defines them (`imagebuilder/registry`, `imagebuilder/variable`) and includes the
/// files it names, so the included file's tags resolve through the branch.
public enum ImageBuilderManifestExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    public static let version = 3
    /// The reference kind of a platform's build arguments.
    static let kind = "imagebuilder/build-base"
    /// The reference kind of a platform's tags.
    static let tagKind = "imagebuilder/build-tag"
    /// The root manifest's `registry`, for the manifests it includes.
    static let registryNamespace = "imagebuilder/registry"
    /// The root manifest's `variables`, for the manifests it includes.
    static let variableNamespace = "imagebuilder/variable"

    /// Whether a file name is one ImageBuilder reads as a manifest.
    static func isManifest(name: String) -> Bool {
        name.lowercased() == "manifest.json"
    }

    /// Facts of the manifest at `path`; nothing for a `manifest.json` that is not an ImageBuilder manifest.
    public static func extract(path: String, text: String, budget: ExtractionBudget) -> FileFacts {
        var collector = FactCollector()
        // Only an ImageBuilder manifest is read; a web app or extension manifest gives nothing, warnings included.
        let isRoot = text.contains("\"includes\"") && text.contains("\"registry\"")
        guard (text.contains("\"repos\"") && text.contains("\"platforms\"")) || isRoot else { return collector.facts }
        let document = JSONCDocument(text: text)
        guard let root = document.root else { return collector.facts }
        var variables: [String: String] = [:]
        if case .object(let members)? = root["variables"]?.value {
            for member in members { if let value = member.value.string { variables[member.key] = value } }
        }
        let registry = root["registry"]?.string.flatMap { substitute($0, variables: variables) }
        if isRoot, case .array(let includes)? = root["includes"]?.value {
            defineForIncludes(root: root, registry: registry, variables: variables, includes: includes, path: path,
                              collector: &collector)
        }
        guard case .array(let repos)? = root["repos"]?.value else { return collector.facts }
        for (repoIndex, repo) in repos.enumerated() {
            guard case .array(let images)? = repo["images"]?.value else { continue }
            let repoName = repo["name"]?.string ?? String(repoIndex)
            for (imageIndex, image) in images.enumerated() {
                guard case .array(let platforms)? = image["platforms"]?.value else { continue }
                for (platformIndex, platform) in platforms.enumerated() {
                    guard budget.spend(1, line: platform.line) else { return withBudgetWarning(collector.facts, budget) }
                    guard let dockerfile = platform["dockerfile"]?.string, !dockerfile.isEmpty else { continue }
                    recordTags(platform["tags"], repoName: repo["name"]?.string, registry: registry, variables: variables,
                               context: "repos[\(repoName)].images[\(imageIndex)].platforms[\(platformIndex)].tags (\(dockerfilePath(dockerfile)))",
                               collector: &collector)
                    guard let buildArgs = platform["buildArgs"], case .object(let members) = buildArgs.value else { continue }
                    var args: [(name: String, value: String)] = []
                    for member in members {
                        guard let value = member.value.string else { continue }
                        guard let substituted = substitute(value, variables: variables) else {
                            // Set by `--var` or an imported file: unknown here, so not passed (said, not silent).
                            collector.warn(line: member.value.line, "build argument \(member.key) uses a variable "
                                           + "this manifest does not define; it is not passed to \(dockerfile)")
                            continue
                        }
                        args.append((member.key, substituted))
                    }
                    let context = "repos[\(repoName)].images[\(imageIndex)].platforms[\(platformIndex)].buildArgs"
                    record(args: args, dockerfile: dockerfilePath(dockerfile), line: buildArgs.line, context: context, collector: &collector)
                }
            }
        }
        return withBudgetWarning(collector.facts, budget)
    }

    /// The root manifest's registry and variables, defined for the manifests it includes, and the includes.
    private static func defineForIncludes(root: JSONCDocument.Node, registry: String?, variables: [String: String],
                                          includes: [JSONCDocument.Node], path: String, collector: inout FactCollector) {
        if let registry, let line = root["registry"]?.line {
            collector.define(namespace: registryNamespace, name: "registry", value: registry, line: line)
        }
        if case .object(let members)? = root["variables"]?.value {
            for member in members {
                guard let value = variables[member.key], !value.contains("$(") else { continue }
                collector.define(namespace: variableNamespace, name: member.key, value: value, line: member.value.line)
            }
        }
        let folder = ComposeExtractor.parentFolder(of: path)
        for include in includes {
            guard let written = include.string, !written.isEmpty else { continue }
            collector.include(path: ComposeExtractor.joinPath(folder, written), line: include.line)
        }
    }

    /// One `imagebuilder/build-tag` reference per published tag of a platform.
    private static func recordTags(_ tags: JSONCDocument.Node?, repoName: String?, registry: String?,
                                   variables: [String: String], context: String, collector: inout FactCollector) {
        guard case .object(let members)? = tags?.value, let repoName, !repoName.isEmpty else { return }
        for member in members {
            if case .other(let flag)? = member.value["isLocal"]?.value, flag == "true" { continue }
            guard let name = symbolic(repoName, variables: variables), let tag = symbolic(member.key, variables: variables) else {
                continue // a new tag per build: not a name anyone can use
            }
            let host = registry ?? SymbolPlaceholder.make(namespace: registryNamespace, name: "registry")
            let image = "\(host)/\(name):\(tag)"
            collector.add(kind: tagKind, line: member.value.line, context: context, raw: member.key,
                          value: SymbolPlaceholder.find(in: image).isEmpty ? .literal(image) : .symbolic(text: image))
        }
    }

    /// `value` with the manifest's own `$(name)` variables replaced and the others left as placeholders for
    /// the root manifest's; `nil` when it holds an ImageBuilder system variable (`$(System:…)`, `$(Repo:…)`).
    static func symbolic(_ value: String, variables: [String: String]) -> String? {
        var out = ""
        var rest = Substring(value)
        while let open = rest.rangeOfBytes("$("), let close = rest[open.upperBound...].rangeOfBytes(")") {
            out += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close.lowerBound])
            if name.containsByte(UInt8(ascii: ":")) { return nil }
            out += variables[name] ?? SymbolPlaceholder.make(namespace: variableNamespace, name: name)
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// `facts` with the warning of a spent budget, which says where reading stopped.
    private static func withBudgetWarning(_ facts: FileFacts, _ budget: ExtractionBudget) -> FileFacts {
        var facts = facts
        if let warning = budget.warning { facts.warnings.append(warning) }
        return facts
    }

    /// The Dockerfile a platform's `dockerfile` names: the file itself, or `Dockerfile` in the folder.
    public static func dockerfilePath(_ written: String) -> String {
        let path = ComposeExtractor.joinPath(written)
        return FileKind.classify(path: path) == .dockerfile ? path : ComposeExtractor.joinPath(path, "Dockerfile")
    }

    /// `value` with its `$(name)` variables replaced from the manifest, or `nil` when one is not defined there.
    static func substitute(_ value: String, variables: [String: String]) -> String? {
        var out = ""
        var rest = Substring(value)
        while let open = rest.rangeOfBytes("$("), let close = rest[open.upperBound...].rangeOfBytes(")") {
            out += rest[..<open.lowerBound]
            guard let replacement = variables[String(rest[open.upperBound..<close.lowerBound])] else { return nil }
            out += replacement
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// One reference for the arguments, with the Compose build-base placeholder that evaluates the Dockerfile's `FROM`s.
    private static func record(args: [(name: String, value: String)], dockerfile: String, line: Int, context: String,
                               collector: inout FactCollector) {
        guard !args.isEmpty else { return }
        let written = args.map { "\($0.name)=\($0.value)" }
        let payload = ComposeExtractor.encodeBraces(dockerfile + "\n" + written.joined(separator: "\n"))
        collector.add(kind: kind, line: line, context: context + " (\(dockerfile))", raw: written.joined(separator: " "),
                      value: .symbolic(text: SymbolPlaceholder.make(namespace: ComposeExtractor.buildBaseNamespace, name: payload)))
        collector.include(path: dockerfile, line: line)
    }
}
