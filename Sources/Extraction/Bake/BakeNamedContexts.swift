/// The named build contexts the Bake files of a branch define, for the Dockerfiles that use them.
///
/// `contexts = { binary_dir = "./bin" }` makes `COPY --from=binary_dir` in the target's Dockerfile
/// read the folder `./bin`, and `contexts = { base = "target:base" }` makes `FROM base` build upon the
/// target `base`: `docker.io/library/binary_dir` or `docker.io/library/base` is never pulled. A context
/// that is an image (`docker-image://…`) is counted once, as the Bake file's `bake/context-image`.
///
/// A Dockerfile reference whose literal value is exactly a context name is therefore no reference when:
/// - it is a `COPY --from` / `RUN --mount=from=` source (and their `ONBUILD` forms), and a Bake file of
///   the branch defines that name for that Dockerfile or for a target whose Dockerfile cannot be known;
/// - it is a `FROM`, and the name is a folder, target or URL context defined for that Dockerfile or for
///   a target whose Dockerfile cannot be known, or an image context defined for exactly that Dockerfile
///   (`alpine = "docker-image://alpine:3.20"` elsewhere must not hide another Dockerfile's `FROM alpine`).
struct BakeNamedContexts {
    /// Dockerfile source kinds a named context can stand for.
    static let sourceKinds: Set<String> = [
        "dockerfile/copy-from", "dockerfile/run-mount-from", "dockerfile/onbuild-copy-from", "dockerfile/onbuild-run-mount-from",
    ]
    /// Every Dockerfile kind a named context can stand for.
    static let kinds: Set<String> = sourceKinds.union(["dockerfile/from"])

    /// Context name -> the Dockerfile paths it is defined for ("" for a target whose Dockerfile is unknown).
    private let dockerfiles: [String: Set<String>]
    /// The same for contexts that are images.
    private let imageDockerfiles: [String: Set<String>]

    init(files: [String: FileFacts]) {
        var dockerfiles: [String: Set<String>] = [:]
        var imageDockerfiles: [String: Set<String>] = [:]
        for facts in files.values {
            for definition in facts.definitions {
                switch definition.namespace {
                case BakeExtractor.namedContextNamespace: dockerfiles[definition.name, default: []].insert(definition.value)
                case BakeExtractor.namedContextImageNamespace: imageDockerfiles[definition.name, default: []].insert(definition.value)
                default: break
                }
            }
        }
        self.dockerfiles = dockerfiles
        self.imageDockerfiles = imageDockerfiles
    }

    /// Whether `image`, written by a `kind` reference of the Dockerfile at `path`, is a named context.
    func names(_ image: String, kind: String, at path: String) -> Bool {
        guard Self.kinds.contains(kind) else { return false }
        let paths = dockerfiles[image] ?? []
        let imagePaths = imageDockerfiles[image] ?? []
        if paths.contains(path) || paths.contains("") || imagePaths.contains(path) { return true }
        return Self.sourceKinds.contains(kind) && imagePaths.contains("")
    }

    /// Whether `definition` is one of these contexts.
    static func defines(_ definition: SymbolDefinition) -> Bool {
        definition.namespace == BakeExtractor.namedContextNamespace || definition.namespace == BakeExtractor.namedContextImageNamespace
    }
}
