import Foundation
import Yams

/// Reads one YAML file: loads its documents, decides per file (or per document) which tool it is written
/// for, hands each to that tool's extractor, and reads documents that are not valid YAML line by line
/// where the tool's files allow (`image:` keys, e.g. Helm templates).
public enum YAMLExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    public static let version = 5

    /// Facts of the YAML file at `path` whose content is `text`. Reading stops with a warning once
    /// `budget` (by default one sized for the text) is spent.
    public static func extract(path: String, text: String, budget: ExtractionBudget? = nil) -> FileFacts {
        let budget = budget ?? ExtractionBudget(steps: ExtractionBudget.defaultSteps(forBytes: text.utf8.count))
        let loaded = YAMLDocuments.load(text: text, budget: budget)
        var collector = FactCollector()
        collector.merge(FileFacts(warnings: loaded.warnings))
        let roots = loaded.roots
        let pathSource = YAMLFileClassifier.source(path: path)
        // What each document is, read once: by the path when it says, else by the document's content.
        let sources = roots.map { pathSource ?? YAMLFileClassifier.source(document: $0) }
        if let pathSource {
            collector.merge(extract(pathSource, path: path, roots: roots, documents: loaded.documents, text: text))
        } else {
            var groups: [(YAMLSource, [Int])] = []
            for (index, root) in roots.enumerated() {
                guard let source = sources[index] else { continue }
                if let at = groups.firstIndex(where: { $0.0 == source }) { groups[at].1.append(index) } else { groups.append((source, [index])) }
                if source == .azurePipelines, root.keys == ["variables"], root["variables"]?.isMapping == true {
                    // A file of only `variables:` may serve GitLab includes as well as Azure templates.
                    collector.merge(GitLabCIExtractor.extract(path: path, roots: [root]))
                }
            }
            for (source, indexes) in groups {
                collector.merge(extract(source, path: path, roots: indexes.map { roots[$0] },
                                        documents: indexes.map { loaded.documents[$0] }, text: text))
            }
        }
        // A scalar holds `@` only where the text has one or writes it as an escape (`"\x40"`): without
        // either there is no Helix queue to look for.
        if loaded.traversal.mayMention("@") {
            for (index, root) in roots.enumerated() where sources[index] != .azurePipelines {
                collector.merge(FileFacts(references: helixQueues(in: root)))
            }
        }
        if !loaded.unparsedLines.isEmpty, let fallback = pathSource ?? lineBasedSource(path: path, text: text) {
            collector.merge(lineBased(fallback, path: path, text: text, ranges: loaded.unparsedLines))
        }
        if let exhausted = loaded.traversal.exhaustionWarning { collector.warn(line: exhausted.line, exhausted.message) }
        if let warning = budget.warning { collector.warn(line: warning.line, warning.message) }
        return collector.facts
    }

    static func extract(_ source: YAMLSource, path: String, roots: [YAMLCursor], documents: [Yams.Node], text: String) -> FileFacts {
        switch source {
        case .azurePipelines:
            AzurePipelinesExtractor.extract(path: path, documents: documents, text: text, traversal: roots.first?.traversal)
        case .githubWorkflow, .githubAction: GitHubActionsExtractor.extract(path: path, roots: roots)
        case .gitlabCI: GitLabCIExtractor.extract(path: path, roots: roots)
        case .compose: ComposeExtractor.extract(path: path, roots: roots)
        case .kubernetes: KubernetesExtractor.extract(path: path, roots: roots)
        case .helmValues: HelmValuesExtractor.extract(path: path, roots: roots)
        case .helmChart: HelmChartExtractor.extract(path: path, roots: roots)
        case .kustomize: KustomizeExtractor.extract(path: path, roots: roots)
        case .circleCI: CircleCIExtractor.extract(path: path, roots: roots)
        case .drone: DroneExtractor.extract(path: path, roots: roots)
        case .bitbucket: BitbucketPipelinesExtractor.extract(path: path, roots: roots)
        case .woodpecker: WoodpeckerExtractor.extract(path: path, roots: roots, tool: "woodpecker")
        case .crow: WoodpeckerExtractor.extract(path: path, roots: roots, tool: "crow")
        case .cloudBuild: CloudBuildExtractor.extract(path: path, roots: roots)
        case .tekton: TektonExtractor.extract(path: path, roots: roots)
        case .vela: VelaExtractor.extract(path: path, roots: roots)
        case .ansible: AnsibleExtractor.extract(path: path, roots: roots)
        case .argoCD: ArgoCDExtractor.extract(path: path, roots: roots)
        case .ko: KoExtractor.extract(path: path, roots: roots)
        }
    }

    /// Helix queue strings (`(Name)Host@image`) in any scalar of a document not read as Azure Pipelines,
    /// whose extractor records them itself.
    static func helixQueues(in root: YAMLCursor) -> [ReferenceFact] {
        let mayHoldQueue = root.mayHold { _, node in
            guard case .scalar(let scalar) = node, scalar.string.containsByte(UInt8(ascii: "@")) else { return false }
            return !HelixQueue.queueImages(in: scalar.string).isEmpty
        }
        guard mayHoldQueue else { return [] }
        var found: [ReferenceFact] = []
        root.walk { cursor, _ in
            if let value = cursor.string, value.containsByte(UInt8(ascii: "@")) {
                found += HelixQueue.scan(value: value, line: cursor.line, context: cursor.pathDescription,
                                         budget: cursor.traversal.work)
            }
            return .descend
        }
        return found
    }

    /// For a file whose path says nothing: Kubernetes when it is a chart template or reads like a manifest.
    private static func lineBasedSource(path: String, text: String) -> YAMLSource? {
        if HelmTemplate.chartFolder(ofTemplate: path) != nil { return .kubernetes }
        let hasAPIVersion = text.containsBytes(of: "\napiVersion:") || text.hasPrefix("apiVersion:")
        let hasKind = text.containsBytes(of: "\nkind:") || text.hasPrefix("kind:")
        return hasAPIVersion && hasKind ? .kubernetes : nil
    }

    /// The kind a line-based `image:` belongs to, per tool; `nil` for tools that do not write `image:`.
    private static func lineBasedKind(_ source: YAMLSource) -> String? {
        switch source {
        case .kubernetes: "kubernetes/container"
        case .compose: "compose/image"
        case .helmValues: HelmValuesExtractor.kind
        case .gitlabCI: "gitlab-ci/image"
        case .githubWorkflow: "github-actions/job-container"
        case .circleCI: CircleCIExtractor.kind
        case .drone: "drone/step"
        case .bitbucket: "bitbucket-pipelines/step-image"
        case .woodpecker: "woodpecker/step"
        case .crow: "crow/step"
        case .tekton: "tekton/step"
        case .vela: "vela/step"
        case .ansible: "ansible/docker-container"
        case .azurePipelines, .githubAction, .helmChart, .kustomize, .cloudBuild, .argoCD, .ko: nil
        }
    }

    private static func lineBased(_ source: YAMLSource, path: String, text: String, ranges: [ClosedRange<Int>]) -> FileFacts {
        guard let kind = lineBasedKind(source) else { return .empty }
        var collector = FactCollector()
        let chart = HelmTemplate.chartFolder(ofTemplate: path)
        var usesChart = false
        // Read only once some image value holds a template action.
        var templateFile: HelmTemplateFile?
        for hit in YAMLLineScanner.values(of: "image", in: text, ranges: ranges) {
            var value = ImageExpressions.plain(hit.raw)
            if chart != nil, templateFile == nil, hit.raw.contains("{{") { templateFile = HelmTemplateFile(text: text) }
            if let templated = HelmTemplate.expression(hit.raw, line: hit.line, file: templateFile) {
                value = templated
                if case .symbolic = templated { usesChart = true }
            }
            collector.add(kind: kind, line: hit.line, context: "read line by line (not valid YAML)", raw: hit.raw, value: value)
        }
        if usesChart, let chart {
            for include in HelmTemplate.chartIncludes(folder: chart, line: 1) { collector.include(path: include.path, line: include.line) }
        }
        return collector.facts
    }
}
