import Yams

/// Image references, container aliases, variables, template parameters and template includes of one
/// Azure Pipelines YAML file (a pipeline, a stage/job/step/variables template or a 1ES/templateDispatch
/// `extends` pipeline).
///
/// The file is read structurally, so look-alikes are never references: `pool: vmImage:`, 1ES
/// `pool: image:` VM names, `demands: ImageOverride -equals …` and variables whose names merely
/// contain "container" are not container positions. `${{ if }}`/`${{ else }}`/`${{ each }}` blocks
/// are read through; the enclosing conditions are appended to `context` as `(under ${{ if … }})`.
///
/// Where a container image is counted:
/// - `resources.containers[]` entries (`azure-pipelines/container-resource`) and 1ES/templateDispatch
///   `containers:` maps passed as template parameters (`azure-pipelines/container-map`), at the `image:`
///   line; each also defines its alias (`azure-pipelines/alias`).
/// - Job `container:` (`azure-pipelines/job-container`), job `services:` (`azure-pipelines/service`) and
///   step `target:` (`azure-pipelines/step-target`), whether an image, an alias or a mapping with `image:`.
///   A use of an alias is its own reference at its own line, `raw` being the alias and `context` naming it.
/// - A `container` key anywhere inside the `parameters:` passed to a template
///   (`azure-pipelines/template-container`), e.g. `parameters: {platform: {container: linux_x64}}`:
///   that is where the job built by the template gets its container. When the value only passes on
///   the caller's own parameter (`container: ${{ parameters.container }}`) to a template of this
///   branch, it is plumbing and not counted there: the value is counted where it is written. When the
///   template is of this branch, the value counts only if the parameter reaches a container position
///   there (used in one, spread by `${{ each }}`, or passed on to a template where it does): Arcade's
///   `get-delegation-sas.yml` takes `container: internal`, a storage blob container, never an image.
/// - Variables (`variables:` mapping and `- name/value` forms, variables templates) whose value is an
///   image by `isImageValue` (`azure-pipelines/variable`), and `container`/`image` keys of template
///   parameter defaults, also nested in object defaults, whose value is one (`azure-pipelines/parameter-default`),
///   each at the line the image is written: script steps (`docker pull $(imageNames.testRunner)`) use
///   them where census does not look. A job container that uses one is still its own reference too.
/// - Helix queue strings in any scalar (`helix/queue`, see `HelixQueue`).
public enum AzurePipelinesExtractor {
    /// Bumped whenever the facts extracted from the same bytes could change.
    public static let version = 4

    /// The `kind` values of the references this extractor records.
    public enum Kind {
        /// `resources.containers[].image`.
        public static let containerResource = "azure-pipelines/container-resource"
        /// `containers: {alias: {image: …}}` passed to an `extends` or other template.
        public static let containerMap = "azure-pipelines/container-map"
        /// A job's `container:` (also the root `container:` of a single-job pipeline).
        public static let jobContainer = "azure-pipelines/job-container"
        /// A value of a job's `services:` map.
        public static let service = "azure-pipelines/service"
        /// A step's `target:` container.
        public static let stepTarget = "azure-pipelines/step-target"
        /// A `container` key in the parameters passed to a template.
        public static let templateContainer = "azure-pipelines/template-container"
        /// A pipeline variable whose value is an image (`variables: {imageNames.testRunner: mcr…:tag}`).
        public static let variable = "azure-pipelines/variable"
        /// A `container`/`image` key of a template parameter's default whose value is an image.
        public static let parameterDefault = "azure-pipelines/parameter-default"
    }

    /// Whether a variable or parameter value is an image by a strict test: valid by the reference
    /// grammar, with no expression, quote, space or URL scheme, and carrying an explicit tag or digest on
    /// a written path with a letter. An untagged name is not enough, even with a registry host: pipelines
    /// keep registry and repository prefixes in variables (`mcr.microsoft.com/dotnet-buildtools`, used as
    /// `$(registry)/prereqs:$(tag)`), which would otherwise read as images floating on `latest`.
    /// `Release`, `ubuntu-latest`, `windows.vs2026.amd64`, `8.0`, `10:30`, `localhost:5000` and
    /// `$(Build.SourcesDirectory)/x` are not images.
    public static func isImageValue(_ text: String) -> Bool {
        StrictImageValue.isImage(text, requireTagOrDigest: true)
    }

    /// Facts of the Azure Pipelines file at `path` (repository-relative), parsed by Yams into
    /// `documents`; `text` is the file's text, used to place values of multi-line scalars on their lines.
    ///
    /// Yams shares an anchored node between its aliases, so a walk meets an aliased subtree once per
    /// alias: the walk pays every node from `traversal`, the node budget every YAML extractor of the
    /// file shares, and stops with its warning once that is spent. Without one, a budget for this file
    /// alone is used and its warning is added here.
    public static func extract(path: String, documents: [Node], text: String,
                               traversal: YAMLTraversal? = nil) -> FileFacts {
        let budget = traversal ?? YAMLTraversal(text: text, work: ExtractionBudget(
            steps: ExtractionBudget.defaultSteps(forBytes: text.utf8.count)))
        var walker = AzurePipelinesWalker(path: path, text: text, traversal: budget)
        for document in documents {
            walker.walkDocument(document)
        }
        walker.noteLoopedParameters()
        var facts = CIScriptStep.withoutRunsOfLocalBuilds(walker.facts)
        if traversal == nil {
            if let exhausted = budget.exhaustionWarning { facts.warnings.append(exhausted) }
            if let warning = budget.work.warning { facts.warnings.append(warning) }
        }
        return facts
    }

    /// Facts of the Azure Pipelines file at `path` whose content is `text`, parsing it first; a YAML
    /// error becomes a warning and whatever documents were read before it are still used.
    public static func extract(path: String, text: String) -> FileFacts {
        var documents: [Node] = []
        var warning: ExtractionWarning?
        do {
            var sequence = try Yams.compose_all(yaml: text)
            while let document = sequence.next() { documents.append(document) }
            if let error = sequence.error { warning = parseWarning(error) }
        } catch {
            warning = parseWarning(error)
        }
        var facts = extract(path: path, documents: documents, text: text)
        if let warning { facts.warnings.append(warning) }
        return facts
    }

    /// Whether a YAML document is an Azure Pipelines file: a mapping whose top-level keys (read
    /// through `${{ }}` blocks) include one of `jobs`, `stages`, `steps`, `resources`, `extends`,
    /// `parameters`, `variables`, `trigger`, `pr`, `pool` and are all keys Azure Pipelines accepts at
    /// the top level. GitHub workflows (`on:`, `jobs` as a map), GitLab files (job keys, `stages` as a
    /// list of names), compose files and Kubernetes manifests (`apiVersion`/`kind`), kustomizations
    /// (`resources` as a list) and container-step CI files (steps with `image:`) are not.
    public static func looksLikeAzurePipelines(_ root: Node) -> Bool {
        let entries = AzurePipelinesStructure.entries(of: root)
        guard !entries.isEmpty else { return false }
        let keys = Set(entries.map(\.key).filter { !$0.hasPrefix("${{") })
        guard !keys.isDisjoint(with: signalKeys), keys.isSubset(of: rootKeys) else { return false }
        for entry in entries {
            switch (entry.key, entry.value) {
            case ("jobs", .mapping), ("resources", .sequence):
                return false
            case ("stages", .sequence):
                let items = AzurePipelinesStructure.items(of: entry.value)
                if items.contains(where: { $0.node.scalar != nil }) { return false }
            case ("steps", .sequence):
                for item in AzurePipelinesStructure.items(of: entry.value) {
                    let stepKeys = Set(AzurePipelinesStructure.entries(of: item.node).map(\.key))
                    if stepKeys.contains("image") || (!stepKeys.isEmpty && stepKeys.isDisjoint(with: AzurePipelinesWalker.stepKeys)
                                                      && !stepKeys.contains("template")) {
                        return false
                    }
                }
            default:
                continue
            }
        }
        return true
    }

    static let signalKeys: Set<String> = [
        "jobs", "stages", "steps", "resources", "extends", "parameters", "variables", "trigger", "pr", "pool",
    ]

    static let rootKeys: Set<String> = signalKeys.union([
        "name", "appendCommitMessageToRunName", "schedules", "container", "services", "workspace", "strategy",
        "lockBehavior", "continueOnError", "timeoutInMinutes", "cancelTimeoutInMinutes", "condition",
        "dependsOn", "displayName",
    ])

    private static func parseWarning(_ error: any Error) -> ExtractionWarning {
        switch error as? YamlError {
        case .parser(_, let problem, let mark, _), .scanner(_, let problem, let mark, _):
            return ExtractionWarning(line: mark.line, message: "YAML could not be parsed: \(problem)")
        default:
            break
        }
        return ExtractionWarning(message: "YAML could not be parsed: \(error)")
    }
}
