/// Marathon (Mesos) app definitions in JSON: `container.docker.image` of an app (kind
/// `marathon/container`) and a pod's `containers[].image.id` of kind `DOCKER` (`marathon/pod-container`), for
/// a single app or pod, a group's `apps`/`pods` (and nested `groups`), or a list of them.
///
/// Marathon files carry no fixed name, so a file is read only when its name says Marathon (see
/// `isCandidate(path:)`) and only apps with an `id` are read: a JSON file that merely has an `image` key
/// is not an app. Placeholders that a deploy tool fills (`{{VERSION}}`, `$TAG`) stay unresolved.
public enum MarathonExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    public static let version = 1
    static let kind = "marathon/container"
    /// A container of a Marathon pod.
    static let podKind = "marathon/pod-container"
    /// Deepest group nesting followed; Marathon groups are a few levels deep.
    static let maxGroupDepth = 16

    /// Whether the JSON file at `path` is named as a Marathon definition: `marathon.json`,
    /// `marathon-*.json`, `marathon_*.json`, `marathon.*.json`, `*.marathon.json`, `*-marathon.json`.
    /// The name alone decides: tree listings are shared by every path a tree appears at.
    public static func isCandidate(path: String) -> Bool {
        let lowered = path.lowercased()
        // Every name below holds `marathon`: the common path without it is not split at all.
        guard lowered.containsBytes(of: "marathon") else { return false }
        let components = lowered.split(separator: "/")
        guard let name = components.last, name.hasSuffix(".json") else { return false }
        let stem = name.dropLast(".json".count)
        return stem == "marathon" || stem.hasPrefix("marathon-") || stem.hasPrefix("marathon_") || stem.hasPrefix("marathon.")
            || stem.hasSuffix(".marathon") || stem.hasSuffix("-marathon")
    }

    /// Facts of the Marathon definition at `path`.
    public static func extract(path: String, text: String, budget: ExtractionBudget) -> FileFacts {
        var collector = FactCollector()
        let document = JSONCDocument(text: text)
        if let error = document.error { collector.warn(line: error.line, error.message) }
        guard let root = document.root else { return collector.facts }
        if case .array(let apps) = root.value {
            for app in apps where budget.spend(line: app.line) { record(app: app, collector: &collector) }
        } else {
            visit(group: root, depth: 0, budget: budget, collector: &collector)
        }
        if let warning = budget.warning { collector.warn(line: warning.line, warning.message) }
        return collector.facts
    }

    /// An app, or a group with `apps` and `groups` (a group may itself be the file's top level).
    private static func visit(group: JSONCDocument.Node, depth: Int, budget: ExtractionBudget, collector: inout FactCollector) {
        guard depth <= maxGroupDepth, budget.spend(line: group.line) else { return }
        record(app: group, collector: &collector)
        for member in ["apps", "pods"] {
            guard let list = group[member], case .array(let items) = list.value else { continue }
            for app in items where budget.spend(line: app.line) { record(app: app, collector: &collector) }
        }
        if let groups = group["groups"], case .array(let items) = groups.value {
            for child in items { visit(group: child, depth: depth + 1, budget: budget, collector: &collector) }
        }
    }

    private static func record(app: JSONCDocument.Node, collector: inout FactCollector) {
        guard let id = app["id"]?.string else { return }
        if let image = app["container"]?["docker"]?["image"], let raw = image.string, !raw.isEmpty {
            collector.add(kind: kind, line: image.line, context: "app \(id) container.docker.image", raw: raw, value: resolve(raw))
        }
        // A pod (Marathon 1.4+): each container's `image` is `{"kind": "DOCKER", "id": "…"}`.
        guard let containers = app["containers"], case .array(let items) = containers.value else { return }
        for (index, container) in items.enumerated() {
            guard let image = container["image"], image["kind"]?.string == "DOCKER", let reference = image["id"],
                  let raw = reference.string, !raw.isEmpty else { continue }
            let name = container["name"]?.string ?? String(index)
            collector.add(kind: podKind, line: reference.line, context: "pod \(id) containers[\(name)].image.id", raw: raw, value: resolve(raw))
        }
    }

    static func resolve(_ raw: String) -> ImageExpression {
        if raw.contains("{{") { return .unresolved(reason: "template placeholder is filled by the tool that deploys the app") }
        return ImageExpressions.plain(raw)
    }
}
