/// Compose `build.args` feed the built Dockerfile's `ARG`s declared before its first `FROM`, so a
/// `FROM ${BASE_IMAGE}` of that Dockerfile pulls what the compose file passes.
///
/// The compose file records one `compose/build-base` reference at its `args` line, context
/// `services.<name>.build.args (<Dockerfile path>)`, whose value is a `compose/build-base` placeholder
/// carrying the Dockerfile's path and the arguments as written; it also includes the Dockerfile, so a
/// change of its `FROM` lines re-resolves the compose file. `DefinitionIndex.composeLookup` resolves it
/// against the Dockerfile's `FROM` references that use a passed argument: one value per distinct image.
/// The Dockerfile's own reference keeps its default; a Dockerfile no `FROM` of which uses the
/// arguments gives no `compose/build-base` reference.
extension ComposeExtractor {
    /// The namespace of build-argument placeholders.
    static let buildBaseNamespace = "compose/build-base"

    /// The build arguments of a service (mapping, or list of `NAME=value`; a name alone takes its value
    /// from the environment, as `$NAME`), recorded against the Dockerfile they feed.
    static func recordBuildArgs(_ args: YAMLCursor, dockerfile: String, context: String, collector: inout FactCollector) {
        var pairs: [(String, String)] = []
        if args.isMapping {
            for entry in args.entries { pairs.append((entry.key, entry.value.string ?? "$" + entry.key)) }
        } else {
            for item in args.items {
                guard let text = item.string, !text.isEmpty else { continue }
                if let equals = text.firstIndex(of: "=") {
                    pairs.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
                } else {
                    pairs.append((text, "$" + text))
                }
            }
        }
        guard !pairs.isEmpty else { return }
        let written = pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "\n")
        let payload = encodeBraces(dockerfile + "\n" + written)
        collector.add(kind: "compose/build-base", line: args.line,
                      context: FactCollector.context(context + ".build.args (\(dockerfile))", alias: args.alias),
                      raw: pairs.map { "\($0.0)=\($0.1)" }.joined(separator: " "),
                      value: .symbolic(text: SymbolPlaceholder.make(namespace: buildBaseNamespace, name: payload)))
        collector.include(path: dockerfile, line: args.line)
    }

    /// The Dockerfile path and the arguments of a build-base placeholder's name.
    static func decodeBuildArgs(_ name: String) -> (dockerfile: String, args: [(name: String, value: String)]) {
        let lines = decodeBraces(name).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let args = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
        return (lines.first ?? "", args)
    }
}
