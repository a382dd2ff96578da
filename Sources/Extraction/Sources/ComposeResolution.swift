/// Compose interpolation across files: a compose file's `{{compose/env:<text as written, braces encoded>}}` is
/// evaluated against the `.env` file of its folder, the project directory Compose reads it from.
///
/// Only that one file counts (never another folder's `.env`, never a value found elsewhere in the
/// branch): a variable it does not set takes the text's default, as `docker compose config` does
/// without a shell variable, and stays unresolved without one.
extension DefinitionIndex {
    /// The outcomes of a Compose name, or `nil` when `namespace` is not Compose's.
    func composeLookup(namespace: String, name: String, from path: String, depth: Int) -> [Expansion]? {
        switch namespace {
        case ComposeEnvFileExtractor.namespace:
            let envFile = ComposeExtractor.envFilePath(forComposeFile: path)
            let evaluated = ComposeExtractor.evaluate(ComposeExtractor.decodeBraces(name), depth: 0) { variable in
                definitions(ComposeEnvFileExtractor.namespace, variable, in: envFile).last
            }
            switch evaluated {
            case .success(let text): return expand(text, from: path, depth: depth + 1)
            case .failure(let failure): return [.failure(failure.reason)]
            }
        case ComposeExtractor.buildBaseNamespace:
            return buildBaseLookup(ComposeExtractor.decodeBuildArgs(name), from: path)
        case ComposeEnvFileExtractor.unknownNamespace:
            return [.failure("\(name) in the .env file is built from variables set when Compose runs")]
        case ComposeEnvFileExtractor.withheldNamespace:
            return [.failure("\(name) is set in the .env file, which census does not keep (a secret-looking name, or not part of an image)")]
        default:
            return nil
        }
    }

    /// The images the Dockerfile's `FROM` lines pull with these build arguments: each `FROM` that uses
    /// a passed argument declared before the first `FROM`, evaluated with the arguments (themselves
    /// interpolated from the compose file's `.env`).
    private func buildBaseLookup(_ build: (dockerfile: String, args: [(name: String, value: String)]),
                                 from path: String) -> [Expansion] {
        guard let dockerfile = files[build.dockerfile] else { return [] }
        let envFile = ComposeExtractor.envFilePath(forComposeFile: path)
        let environment: (String) -> String? = { definitions(ComposeEnvFileExtractor.namespace, $0, in: envFile).last }
        var args: [String: Result<String, ResolutionFailure>] = [:]
        for arg in build.args {
            args[arg.name] = ComposeExtractor.evaluate(arg.value, depth: 0, environment: environment)
        }
        var out: [Expansion] = []
        for fact in dockerfile.references where fact.kind == "dockerfile/from" {
            let used = DollarInterpolation.tokens(fact.raw).compactMap { token -> String? in
                if case .variable(let name, _, _) = token { return name }
                return nil
            }
            guard used.contains(where: { args[$0] != nil }) else { continue }
            // Docker ignores a build argument the Dockerfile does not declare before its first FROM.
            if case .unresolved(let reason) = fact.value, reason.contains("not declared") { continue }
            var failure: String?
            let evaluated = ComposeExtractor.evaluate(fact.raw, depth: 0) { name in
                switch args[name] {
                case .success(let value)?: return value
                case .failure(let problem)?: failure = failure ?? problem.reason; return nil
                case nil:
                    failure = failure ?? "\(name) is not passed by the compose build; the Dockerfile's own value is on its FROM line"
                    return nil
                }
            }
            let outcome: Expansion
            switch evaluated {
            // The base is an image this compose file builds (`compose/build-tag`): a local build, not a pull.
            case .success(let image) where failure == nil && builtHere(image, in: path, environment: environment): continue
            case .success(let image): outcome = failure.map { .failure($0) } ?? .value(image)
            case .failure(let problem): outcome = .failure(failure ?? problem.reason)
            }
            if !out.contains(outcome) { out.append(outcome) }
        }
        return out
    }

    /// Whether the compose file at `path` names one of its builds `image`.
    private func builtHere(_ image: String, in path: String, environment: (String) -> String?) -> Bool {
        (files[path]?.references ?? []).contains { fact in
            guard fact.kind == "compose/build-tag" else { return false }
            switch fact.value {
            case .literal(let name): return name == image
            case .symbolic(let text):
                guard let marker = SymbolPlaceholder.find(in: text).first, marker.namespace == ComposeEnvFileExtractor.namespace,
                      case .success(let name) = ComposeExtractor.evaluate(ComposeExtractor.decodeBraces(marker.name), depth: 0,
                                                                          environment: environment) else { return false }
                return name == image
            case .unresolved: return false
            }
        }
    }
}
