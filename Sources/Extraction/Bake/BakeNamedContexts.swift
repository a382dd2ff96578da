/// The named build contexts the Bake files of a branch define, for the Dockerfiles that use them.
///
/// `contexts = { binary_dir = "./bin" }` makes `COPY --from=binary_dir` in the target's Dockerfile
/// read the folder `./bin`; `docker.io/library/binary_dir` is never pulled. A context that is an image
/// (`docker-image://…`) is counted once, as the Bake file's `bake/context-image`. So a Dockerfile's
/// `COPY --from` / `RUN --mount=from=` reference whose literal value is exactly a context name is no
/// reference when a Bake file of the branch defines that name for that Dockerfile, or for a target
/// whose Dockerfile cannot be known (a value set from the environment). `FROM` lines are kept as written.
struct BakeNamedContexts {
    /// Dockerfile reference kinds a named context can stand for.
    static let kinds: Set<String> = [
        "dockerfile/copy-from", "dockerfile/run-mount-from", "dockerfile/onbuild-copy-from", "dockerfile/onbuild-run-mount-from",
    ]

    /// Context name -> the Dockerfile paths it is defined for ("" for a target whose Dockerfile is unknown).
    private let dockerfiles: [String: Set<String>]

    init(files: [String: FileFacts]) {
        var dockerfiles: [String: Set<String>] = [:]
        for facts in files.values {
            for definition in facts.definitions where definition.namespace == BakeExtractor.namedContextNamespace {
                dockerfiles[definition.name, default: []].insert(definition.value)
            }
        }
        self.dockerfiles = dockerfiles
    }

    /// Whether `image`, written by a `kind` reference of the Dockerfile at `path`, is a named context.
    func names(_ image: String, kind: String, at path: String) -> Bool {
        guard Self.kinds.contains(kind), let paths = dockerfiles[image] else { return false }
        return paths.contains(path) || paths.contains("")
    }
}
