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
        case ComposeEnvFileExtractor.unknownNamespace:
            return [.failure("\(name) in the .env file is built from variables set when Compose runs")]
        default:
            return nil
        }
    }
}
