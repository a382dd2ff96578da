import Foundation

/// The single entry point from raw file bytes to facts: decodes untrusted bytes safely, bounds sizes
/// and hands the text to the extractor for the file's kind.
public enum Extractors {
    /// Files larger than this are skipped with a warning rather than read (4 MiB; no real Dockerfile
    /// or pipeline comes close, and generated blobs of that size are not configuration).
    public static let maxFileSize = 4 * 1024 * 1024

    /// Bumped whenever any extractor's output for the same bytes could change; caches key on it.
    public static func version(of kind: FileKind) -> Int {
        switch kind {
        case .dockerfile: DockerfileExtractor.version
        // YAML files are read by several extractors (Azure Pipelines, Compose, GitLab, GitHub): any version change counts.
        case .yaml: YAMLExtractor.version + AzurePipelinesExtractor.version + ComposeExtractor.version
            + GitLabCIExtractor.version + GitHubActionsExtractor.version + HelmHelpersExtractor.version
        case .msbuild: MSBuildExtractor.version
        case .devcontainer: DevcontainerExtractor.version
        case .quadlet: QuadletExtractor.version
        case .composeEnv: ComposeEnvFileExtractor.version
        case .script: ScriptExtractor.version
        case .imageBuilderManifest: ImageBuilderManifestExtractor.version
        case .helmHelpers: HelmHelpersExtractor.version
        case .marathon: MarathonExtractor.version
        case .bake: BakeExtractor.version
        case .jsonnet: JsonnetExtractor.version
        }
    }

    /// Facts of the file at `path` whose content is `bytes`. Reading stops once `budget` is spent (by
    /// default a step budget sized for the file), keeping what was found and adding a warning that
    /// says where reading stopped.
    public static func facts(path: String, kind: FileKind, bytes: some Collection<UInt8>,
                             budget: ExtractionBudget? = nil) -> FileFacts {
        // One concrete type from here on: checking and decoding bytes through the generic collection
        // costs a witness call per byte.
        facts(path: path, kind: kind, array: bytes as? [UInt8] ?? Array(bytes), budget: budget)
    }

    private static func facts(path: String, kind: FileKind, array bytes: [UInt8], budget: ExtractionBudget?) -> FileFacts {
        // Other tools share Quadlet's `.image`/`.volume` endings (Smalltalk images, disk images): a file of
        // that name that is binary or huge is not a unit, and is not worth a warning either.
        if kind == .quadlet, QuadletExtractor.sharesItsEnding(path: path),
           bytes.count > maxFileSize || hasNUL(bytes) {
            return .empty
        }
        if bytes.count > maxFileSize {
            return FileFacts(warnings: [ExtractionWarning(
                message: "skipped: \(bytes.count) bytes is over the \(maxFileSize)-byte limit for one file")])
        }
        if hasNUL(bytes) {
            return FileFacts(warnings: [ExtractionWarning(message: "skipped: binary content (NUL byte)")])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let budget = budget ?? ExtractionBudget(steps: ExtractionBudget.defaultSteps(forBytes: bytes.count))
        switch kind {
        case .dockerfile: return DockerfileExtractor.extract(text: text, budget: budget)
        case .yaml where GitHubAgenticWorkflow.isWorkflow(path: path):
            return YAMLExtractor.extract(path: path, text: GitHubAgenticWorkflow.frontMatter(of: text), budget: budget)
        case .yaml where HelmHelpersExtractor.isHelpers(yamlPath: path, text: text):
            return HelmHelpersExtractor.extract(path: path, text: text, budget: budget)
        case .yaml: return YAMLExtractor.extract(path: path, text: text, budget: budget)
        case .msbuild: return MSBuildExtractor.extract(path: path, text: text, budget: budget)
        case .devcontainer: return DevcontainerExtractor.extract(path: path, text: text)
        case .quadlet: return QuadletExtractor.extract(path: path, text: text)
        case .composeEnv: return ComposeEnvFileExtractor.extract(text: text, budget: budget)
        case .script: return ScriptExtractor.extract(path: path, text: text, budget: budget)
        case .imageBuilderManifest: return ImageBuilderManifestExtractor.extract(path: path, text: text, budget: budget)
        case .helmHelpers: return HelmHelpersExtractor.extract(path: path, text: text, budget: budget)
        case .marathon: return MarathonExtractor.extract(path: path, text: text, budget: budget)
        case .bake: return BakeExtractor.extract(path: path, text: text, budget: budget)
        case .jsonnet: return JsonnetExtractor.extract(path: path, text: text, budget: budget)
        }
    }

    /// Whether the first 8,000 bytes hold a NUL (git's own test for binary content).
    private static func hasNUL(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0, min(buffer.count, 8000)) != nil
        }
    }
}
