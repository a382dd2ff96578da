/// Ansible playbooks and task files: the `image` of `docker_container` and `podman_container` tasks
/// (short and collection-qualified module names), wherever the task stands (plays, `block`, `rescue`,
/// handlers). Jinja `{{ var }}` values are rendered when the play runs.
enum AnsibleExtractor {
    static let modules: [String: String] = [
        "docker_container": "ansible/docker-container",
        "community.docker.docker_container": "ansible/docker-container",
        "podman_container": "ansible/podman-container",
        "containers.podman.podman_container": "ansible/podman-container",
    ]

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            root.walk { cursor, _ in
                guard cursor.isMapping else { return .descend }
                for entry in cursor.entries {
                    guard let kind = modules[entry.key], let image = entry.value["image"] else { continue }
                    let task = cursor["name"]?.string.map { "task \($0)" } ?? cursor.pathDescription
                    collector.add(kind: kind, at: image, context: task) { raw in
                        raw.contains("{{") ? .unresolved(reason: "Jinja expression is rendered when the play runs") : ImageExpressions.plain(raw)
                    }
                }
                return .descend
            }
        }
        return collector.facts
    }
}
