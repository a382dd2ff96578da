/// Kubernetes manifests and pod specs wherever they are written: every `image` of `containers`,
/// `initContainers` and `ephemeralContainers` wherever they stand in a document (Pods, workload templates,
/// CronJob job templates, Lists, custom resources that embed pod specs, Prow job configs), across all
/// documents of a file; image volumes (`volumes[].image.reference`), OLM `relatedImages` and
/// `RELATED_IMAGE_*` environment values of containers; Prow's utility images (see `ProwUtilityImages`);
/// operator-sdk scorecard tests (see `ScorecardExtractor`). Values written as Helm template actions become
/// placeholders of the chart's values (see `HelmTemplate`).
enum KubernetesExtractor {
    static let containerLists: [String: String] = [
        "containers": "kubernetes/container",
        "initContainers": "kubernetes/init-container",
        "ephemeralContainers": "kubernetes/ephemeral-container",
    ]

    /// Prow's job lists (`config/jobs/**`): `presubmits`/`postsubmits` map `org/repo` to jobs, `periodics`
    /// is a list of jobs; each job's `spec` is a pod spec.
    static let prowJobLists: Set<String> = ["presubmits", "postsubmits", "periodics"]

    /// Environment variables that operators (OLM's convention) read the images they deploy from.
    static let relatedImageEnvPrefix = "RELATED_IMAGE_"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        var usesChart = false
        let isTemplate = HelmTemplate.chartFolder(ofTemplate: path) != nil
        var templateFile: HelmTemplateFile?
        // A chart template's value, read with the blocks and variables around its line.
        func value(at line: Int) -> (String) -> ImageExpression {
            { raw in
                guard raw.contains("{{") else { return ImageExpressions.plain(raw) }
                if isTemplate, templateFile == nil, let text = roots.first?.traversal.text { templateFile = HelmTemplateFile(text: text) }
                guard let templated = HelmTemplate.expression(raw, line: line, file: templateFile) else { return ImageExpressions.plain(raw) }
                if case .symbolic = templated { usesChart = true }
                return templated
            }
        }
        // `image: {{ include "x" . }}` unquoted is valid YAML, a flow mapping: its text is the template.
        func add(kind: String, at cursor: YAMLCursor, context: String?, collector: inout FactCollector) {
            if isTemplate, cursor.isMapping, let raw = cursor.flowMappingText, raw.hasPrefix("{{") {
                collector.add(kind: kind, line: cursor.line, context: context, raw: raw, value: value(at: cursor.line)(raw))
            } else {
                collector.add(kind: kind, at: cursor, context: context, value: value(at: cursor.line))
            }
        }
        for root in roots {
            if ScorecardExtractor.isConfiguration(root) || ScorecardExtractor.isTestPatch(root) {
                ScorecardExtractor.extract(root, to: &collector, value: value(at:))
                continue
            }
            let manifest = root["apiVersion"] != nil && root["kind"] != nil
            let resource = resourceName(root)
            let prow = !manifest && root.isMapping && root.keys.contains(where: prowJobLists.contains)
            let jobNames = prow ? prowJobNames(root) : [:]
            if prow {
                ProwUtilityImages.addJobConfigs(of: root, to: &collector,
                                                jobContext: { prowJobContext($0, names: jobNames) }, value: value(at:))
            }
            if !manifest { ProwUtilityImages.addPlankDefaults(of: root, to: &collector, value: value(at:)) }
            // Only lists under these keys hold images: a document without one (a Service, a ConfigMap) is not walked.
            let mayHoldList = root.mayHold { key, node in
                guard let key, case .sequence = node else { return false }
                return containerLists[key] != nil || (manifest && (key == "volumes" || key == "relatedImages"))
            }
            guard mayHoldList else { continue }
            root.walk { cursor, key in
                guard let key else { return .descend }
                if let kind = containerLists[key], cursor.isSequence {
                    // Outside a manifest only a list that reads as containers is one (see `isContainerList`).
                    guard manifest || isContainerList(cursor) else { return .skipChildren }
                    for (index, container) in cursor.items.enumerated() {
                        let name = container["name"]?.string
                        let place: String
                        let sourceKind: String
                        if prow, let job = prowJobContext(cursor, names: jobNames) {
                            place = job + "[\(name ?? String(index))]"
                            sourceKind = kind.replacingOccurrences(of: "kubernetes/", with: "prow/")
                        } else {
                            place = cursor.pathDescription + (name.map { "[\($0)]" } ?? "")
                            sourceKind = kind
                        }
                        let context = [resource, place].compactMap { $0 }.joined(separator: " ")
                        if let image = container["image"] { add(kind: sourceKind, at: image, context: context, collector: &collector) }
                        for variable in container["env"]?.items ?? [] {
                            guard let variableName = variable["name"]?.string, variableName.hasPrefix(relatedImageEnvPrefix),
                                  let image = variable["value"] else { continue }
                            add(kind: "kubernetes/related-image-env", at: image, context: context + ".env[\(variableName)]",
                                collector: &collector)
                        }
                    }
                    return .skipChildren
                }
                guard manifest else { return .descend }
                if key == "volumes", cursor.isSequence {
                    for (index, volume) in cursor.items.enumerated() {
                        guard let image = volume["image"]?["reference"] else { continue }
                        let label = volume["name"]?.string ?? String(index)
                        let context = [resource, cursor.pathDescription + "[\(label)]"].compactMap { $0 }.joined(separator: " ")
                        add(kind: "kubernetes/image-volume", at: image, context: context, collector: &collector)
                    }
                    return .skipChildren
                }
                if key == "relatedImages", cursor.isSequence {
                    for (index, related) in cursor.items.enumerated() {
                        guard let image = related["image"] else { continue }
                        let label = related["name"]?.string ?? String(index)
                        let context = [resource, cursor.pathDescription + "[\(label)]"].compactMap { $0 }.joined(separator: " ")
                        add(kind: "olm/related-image", at: image, context: context, collector: &collector)
                    }
                    return .skipChildren
                }
                return .descend
            }
        }
        if usesChart, let folder = HelmTemplate.chartFolder(ofTemplate: path) {
            for include in HelmTemplate.chartIncludes(folder: folder, line: 1) { collector.include(path: include.path, line: include.line) }
        }
        return collector.facts
    }

    /// `Kind/name` of a manifest, for contexts.
    static func resourceName(_ root: YAMLCursor) -> String? {
        guard let kind = root["kind"]?.string else { return nil }
        if let name = root["metadata"]?["name"]?.string { return "\(kind)/\(name)" }
        return kind
    }

    /// Fields of a Kubernetes container besides `image`: one of them makes an `image` mapping a container.
    static let containerFields: Set<String> = [
        "name", "command", "args", "env", "envFrom", "resources", "volumeMounts", "ports", "securityContext",
        "workingDir", "imagePullPolicy", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
    ]

    /// Whether a `containers`-like list outside a manifest is a pod spec's: every item is a mapping with
    /// a scalar `image` and at least one other container field (a list of names, or of records that only
    /// happen to have an `image` key, is not).
    static func isContainerList(_ list: YAMLCursor) -> Bool {
        let items = list.items
        return !items.isEmpty && items.allSatisfy { item in
            item["image"]?.string != nil && item.keys.contains(where: containerFields.contains)
        }
    }

    /// Whether a document that no tool claims holds a pod spec's container list anywhere (Prow job
    /// configs, CRDs written without `apiVersion`, operator configs embedding pod templates). A plain look
    /// at the nodes first rules out documents without such a key; the walk stops at the first list and
    /// is paid from the file's budget like every walk.
    static func containsPodSpec(_ document: YAMLCursor) -> Bool {
        // Every key of `containerLists` ends in `ontainers`.
        guard document.traversal.mayMention("ontainers") else { return false }
        let mayHoldList = document.mayHold { key, node in
            guard let key, containerLists[key] != nil, case .sequence = node else { return false }
            return true
        }
        guard mayHoldList else { return false }
        var found = false
        document.walk { cursor, key in
            if found { return .skipChildren }
            if let key, containerLists[key] != nil, cursor.isSequence {
                found = isContainerList(cursor)
                return .skipChildren
            }
            return .descend
        }
        return found
    }

    /// The `name` of every Prow job, by the path of the job (`[presubmits, org/repo, [3]]`).
    private static func prowJobNames(_ root: YAMLCursor) -> [[String]: String] {
        var names: [[String]: String] = [:]
        for list in prowJobLists {
            guard let jobs = root[list] else { continue }
            let groups: [(prefix: [String], jobs: YAMLCursor)] = jobs.isSequence
                ? [([list], jobs)] : jobs.entries.map { ([list, $0.key], $0.value) }
            for group in groups {
                for (index, job) in group.jobs.items.enumerated() {
                    if let name = job["name"]?.string { names[group.prefix + ["[\(index)]"]] = name }
                }
            }
        }
        return names
    }

    /// `presubmits.org/repo[job].spec.containers` for a container list (or any node) inside a Prow job: the
    /// job is named by its `name` (its index when it has none), the rest of the path stays as written.
    static func prowJobContext(_ list: YAMLCursor, names: [[String]: String]) -> String? {
        let path = list.path
        guard let top = path.first, prowJobLists.contains(top) else { return nil }
        // Central config: presubmits/postsubmits [list, repo, [i], …]; periodics and in-repo `.prow.yaml`
        // (jobs listed without the repository) [list, [i], …].
        let jobAt = path.count > 1 && path[1].hasPrefix("[") ? 1 : 2
        guard path.count > jobAt, path[jobAt].hasPrefix("[") else { return nil }
        let label = names[Array(path[...jobAt])] ?? String(path[jobAt].dropFirst().dropLast())
        var out = path[..<jobAt].joined(separator: ".") + "[\(label)]"
        for segment in path[(jobAt + 1)...] { out += segment.hasPrefix("[") ? segment : "." + segment }
        return out
    }
}
