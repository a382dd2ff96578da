/// Decides which tool a YAML file (or one document of it) is written for: first from the path, where
/// tools fix the name or folder, then from the document's top-level keys.
public enum YAMLFileClassifier {
    /// The source a path alone settles, or `nil` when only the content can tell.
    public static func source(path: String) -> YAMLSource? {
        let components = path.split(separator: "/").map { String($0) }
        let name = components.last ?? path
        let lower = name.lowercased()
        let folders = components.dropLast().map { $0.lowercased() }
        let stem = lower.hasSuffix(".yaml") ? String(lower.dropLast(5)) : lower.hasSuffix(".yml") ? String(lower.dropLast(4)) : lower
        if hasFolderPair(folders, ".github", "workflows") { return .githubWorkflow }
        if stem == "action" { return .githubAction }
        if stem == ".gitlab-ci" || stem.hasSuffix(".gitlab-ci") { return .gitlabCI }
        if stem.hasPrefix("compose") || stem.hasPrefix("docker-compose") { return .compose }
        if folders.contains(".circleci") { return .circleCI }
        if stem == ".drone" { return .drone }
        if stem == "bitbucket-pipelines" { return .bitbucket }
        if stem == ".woodpecker" || folders.last == ".woodpecker" { return .woodpecker }
        if stem == ".crow" || folders.last == ".crow" { return .crow }
        if stem.hasPrefix("cloudbuild") { return .cloudBuild }
        if stem == ".vela" { return .vela }
        if stem == ".ko" { return .ko }
        if stem == "kustomization" { return .kustomize }
        if name == "Chart.yaml" || name == "Chart.yml" { return .helmChart }
        if stem == "values" || stem.hasPrefix("values-") || stem.hasPrefix("values.")
            || stem.hasSuffix("-values") || stem.hasSuffix(".values") {
            return .helmValues
        }
        if stem.hasPrefix("azure-pipelines") || stem.hasPrefix(".vsts-") || stem.hasPrefix("vsts-") { return .azurePipelines }
        return nil
    }

    /// The source of one document, judged by its content.
    public static func source(document: YAMLCursor) -> YAMLSource? {
        if document.isSequence {
            if ScorecardExtractor.isTestPatch(document) { return .kubernetes }
            return looksLikeAnsible(document) ? .ansible : nil
        }
        let keys = Set(document.keys)
        guard !keys.isEmpty else { return nil }
        if let apiVersion = document["apiVersion"]?.string, let kind = document["kind"]?.string {
            if apiVersion.hasPrefix("tekton.dev/") { return .tekton }
            if apiVersion.hasPrefix("argoproj.io/"), kind == "Application" || kind == "ApplicationSet" { return .argoCD }
            if apiVersion.hasPrefix("kustomize.config.k8s.io/") { return .kustomize }
            return .kubernetes
        }
        if document["apiVersion"] == nil, looksLikeTekton(document) { return .tekton }
        // Prow's own config.yaml: its decoration defaults name the pod utilities' images.
        if ProwUtilityImages.isProwConfig(document) { return .kubernetes }
        if document["kind"]?.string == "pipeline" { return .drone }
        if keys.contains("on") || keys.contains("true"), document["jobs"]?.isMapping == true { return .githubWorkflow }
        if keys.contains("runs"), keys.contains("name") || keys.contains("description") { return .githubAction }
        if keys.contains("pipelines"), keys.isSubset(of: ["image", "pipelines", "definitions", "options", "clone", "labels", "export"]) {
            return .bitbucket
        }
        if keys.contains("version"), keys.contains("workflows") || keys.contains("orbs") || keys.contains("executors")
            || (document["jobs"]?.entries.contains { job in ["docker", "machine", "macos", "executor"].contains { job.value[$0] != nil } } ?? false) {
            return .circleCI
        }
        if let steps = document["steps"], steps.isSequence {
            let items = steps.items
            if items.contains(where: { isAzureStep($0) }) { return .azurePipelines }
            if keys.contains("version"), items.contains(where: { $0["image"] != nil }) { return .vela }
            if items.contains(where: { $0["name"] != nil && ($0["args"] != nil || $0["entrypoint"] != nil || $0["id"] != nil || $0["waitFor"] != nil) })
                || keys.contains("substitutions") || keys.contains("availableSecrets") {
                return .cloudBuild
            }
            if items.contains(where: { $0["image"] != nil }) { return .woodpecker }
        }
        if keys.contains("version"), document["stages"]?.isMapping == true { return .vela }
        if let steps = document["steps"] ?? document["pipeline"], steps.isMapping,
           steps.entries.contains(where: { $0.value["image"] != nil }) {
            return .woodpecker
        }
        if let services = document["services"], services.isMapping,
           keys.isSubset(of: composeKeys) || keys.allSatisfy({ composeKeys.contains($0) || $0.hasPrefix("x-") }) {
            return .compose
        }
        if looksLikeGitLab(document, keys: keys) { return .gitlabCI }
        if !keys.isDisjoint(with: azureKeys) { return .azurePipelines }
        if KubernetesExtractor.containsPodSpec(document) { return .kubernetes }
        return nil
    }

    /// Top-level keys that mark Azure Pipelines YAML (pipelines and templates).
    public static let azureKeys: Set<String> = [
        "jobs", "stages", "steps", "resources", "extends", "parameters", "variables", "trigger", "pr", "pool",
    ]

    private static let composeKeys: Set<String> = [
        "services", "version", "volumes", "networks", "configs", "secrets", "name", "include", "models",
    ]

    /// Top-level GitLab keywords that are not jobs.
    static let gitlabReservedKeys: Set<String> = [
        "stages", "variables", "include", "default", "workflow", "image", "services", "before_script",
        "after_script", "cache", "spec",
    ]

    private static let gitlabJobKeys: Set<String> = [
        "script", "extends", "trigger", "stage", "run", "before_script", "needs", "rules",
    ]

    private static func looksLikeGitLab(_ document: YAMLCursor, keys: Set<String>) -> Bool {
        if let stages = document["stages"], stages.isSequence, stages.items.allSatisfy({ $0.string != nil }) { return true }
        if document["default"]?["image"] != nil || document["workflow"]?["rules"] != nil || keys.contains("include") { return true }
        for entry in document.entries where !gitlabReservedKeys.contains(entry.key) && !azureKeys.contains(entry.key)
            && entry.value.isMapping {
            let jobKeys = Set(entry.value.keys)
            if !jobKeys.isDisjoint(with: gitlabJobKeys) { return true }
            if entry.key.hasPrefix("."), !jobKeys.isDisjoint(with: ["image", "services", "variables", "script"]) { return true }
        }
        return false
    }

    private static let azureStepKeys: Set<String> = [
        "script", "bash", "pwsh", "powershell", "task", "template", "checkout", "download", "downloadBuild",
        "publish", "getPackage", "reviewApp",
    ]

    private static func isAzureStep(_ step: YAMLCursor) -> Bool {
        !Set(step.keys).isDisjoint(with: azureStepKeys)
    }

    private static let ansibleContainerModules: Set<String> = [
        "docker_container", "community.docker.docker_container", "podman_container",
        "containers.podman.podman_container",
        "docker_service", "community.docker.docker_compose", "community.docker.docker_compose_v2",
    ]

    /// A list of plays or tasks: items with `hosts`/`tasks`, or any item calling a container module.
    private static func looksLikeAnsible(_ document: YAMLCursor) -> Bool {
        document.items.contains { item in
            let keys = Set(item.keys)
            return keys.contains("hosts") || keys.contains("import_playbook")
                || !keys.isDisjoint(with: ansibleContainerModules)
                || (keys.contains("name") && (keys.contains("block") || keys.contains("tasks")))
        }
    }

    /// Tekton's kinds, recognized without `apiVersion` when they carry steps (or a StepAction's image).
    static let tektonKinds: Set<String> = ["Task", "ClusterTask", "Pipeline", "PipelineRun", "TaskRun", "StepAction"]

    /// A Tekton resource written without `apiVersion`: a Tekton `kind` whose `spec` holds a `steps` list
    /// (directly, in a `taskSpec`, or in a pipeline's tasks), or a StepAction with `spec.image`.
    private static func looksLikeTekton(_ document: YAMLCursor) -> Bool {
        guard let kind = document["kind"]?.string, tektonKinds.contains(kind), let spec = document["spec"] else { return false }
        if kind == "StepAction" { return spec["image"]?.string != nil }
        var found = false
        spec.walk { cursor, key in
            if found { return .skipChildren }
            if key == "steps", cursor.isSequence {
                found = true
                return .skipChildren
            }
            return .descend
        }
        return found
    }

    private static func hasFolderPair(_ folders: [String], _ first: String, _ second: String) -> Bool {
        zip(folders, folders.dropFirst()).contains { $0 == first && $1 == second }
    }
}
