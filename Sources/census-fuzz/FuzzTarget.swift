import Extraction

/// One extractor as a fuzz target: the path its input is read at (which decides the extractor, as in
/// a crawl), and the test files whose texts seed it.
struct FuzzTarget: Sendable {
    let name: String
    let path: String
    /// Test files (under Tests/ExtractionTests) whose string literals are this target's seeds.
    let seedFiles: [String]

    var kind: FileKind? { FileKind.classify(path: path) }

    /// Extracts `bytes` the way a crawl does, through the single entry point and its default budget.
    func run(_ bytes: UnsafeBufferPointer<UInt8>) -> FileFacts {
        guard let kind else { return .empty }
        return Extractors.facts(path: path, kind: kind, bytes: bytes)
    }

    /// Every extractor, each under a path that selects it.
    static let all: [FuzzTarget] = [
        FuzzTarget(name: "dockerfile", path: "Dockerfile",
                   seedFiles: ["DockerfileExtractorTests", "DockerfileLexerTests", "ShellWordExpanderTests"]),
        FuzzTarget(name: "azure-pipelines", path: "azure-pipelines.yml",
                   seedFiles: ["AzurePipelinesExtractorTests", "AzurePipelinesCrossFileTests",
                               "AzurePipelinesClassificationTests", "AzurePipelinesExpressionTests"]),
        FuzzTarget(name: "msbuild", path: "eng/helix.proj", seedFiles: ["MSBuildExtractorTests", "HelixQueueTests"]),
        FuzzTarget(name: "gitlab-ci", path: ".gitlab-ci.yml", seedFiles: ["GitLabCIExtractorTests", "DollarInterpolationTests"]),
        FuzzTarget(name: "compose", path: "compose.yaml", seedFiles: ["ComposeExtractorTests", "DollarInterpolationTests"]),
        FuzzTarget(name: "cloudbuild", path: "cloudbuild.yaml", seedFiles: ["CloudBuildExtractorTests"]),
        FuzzTarget(name: "github-actions", path: ".github/workflows/ci.yml", seedFiles: ["GitHubActionsExtractorTests"]),
        FuzzTarget(name: "kubernetes", path: "deploy/app.yaml",
                   seedFiles: ["KubernetesExtractorTests", "TektonExtractorTests", "ArgoCDExtractorTests",
                               "AnsibleExtractorTests", "YAMLExtractorTests", "YAMLDocumentsTests", "YAMLCursorTests",
                               "YAMLFileClassifierTests", "YAMLLineScannerTests"]),
        FuzzTarget(name: "helm", path: "chart/values.yaml", seedFiles: ["HelmValuesExtractorTests"]),
        FuzzTarget(name: "kustomize", path: "kustomization.yaml", seedFiles: ["KustomizeExtractorTests"]),
        FuzzTarget(name: "circleci", path: ".circleci/config.yml", seedFiles: ["CircleCIExtractorTests"]),
        FuzzTarget(name: "drone", path: ".drone.yml", seedFiles: ["DroneExtractorTests"]),
        FuzzTarget(name: "bitbucket", path: "bitbucket-pipelines.yml", seedFiles: ["BitbucketPipelinesExtractorTests"]),
        FuzzTarget(name: "woodpecker", path: ".woodpecker.yml", seedFiles: ["WoodpeckerExtractorTests"]),
        FuzzTarget(name: "vela", path: ".vela.yml", seedFiles: ["VelaExtractorTests"]),
        FuzzTarget(name: "devcontainer", path: ".devcontainer/devcontainer.json", seedFiles: ["DevcontainerExtractorTests"]),
        FuzzTarget(name: "quadlet", path: "app.container", seedFiles: ["QuadletExtractorTests"]),
        FuzzTarget(name: "jsonnet", path: "lib/main.libsonnet", seedFiles: ["JsonnetExtractorTests", "JsonnetLexerTests"]),
    ]

    static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}
