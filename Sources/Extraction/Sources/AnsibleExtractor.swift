/// Ansible playbooks and task files: the `image` of `docker_container` and `podman_container` tasks
/// (short and collection-qualified module names), wherever the task stands (plays, `block`, `rescue`,
/// handlers). Jinja `{{ var }}` values are rendered when the play runs.
///
/// Compose tasks (`docker_service`, `docker_compose`, `docker_compose_v2`, short or collection-qualified)
/// with an inline `definition:` carry a whole Compose document: its services' `image` are read as Compose
/// reads them (kind `ansible/compose-image`); a service that also has `build` names the image it builds,
/// which is not a pull. A task pointing at `project_src` reads the compose files of that folder, which
/// are read as compose files of their own.
enum AnsibleExtractor {
    static let composeKind = "ansible/compose-image"
    static let modules: [String: String] = [
        "docker_container": "ansible/docker-container",
        "community.docker.docker_container": "ansible/docker-container",
        "podman_container": "ansible/podman-container",
        "containers.podman.podman_container": "ansible/podman-container",
    ]

    /// Modules that run a Compose project, given inline with `definition:`.
    static let composeModules: Set<String> = [
        "docker_service", "docker_compose", "docker_compose_v2", "community.docker.docker_compose",
        "community.docker.docker_compose_v2",
    ]

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            root.walk { cursor, _ in
                guard cursor.isMapping else { return .descend }
                for entry in cursor.entries where composeModules.contains(entry.key) {
                    guard let definition = entry.value["definition"], definition.isMapping else { continue }
                    let task = cursor["name"]?.string.map { "task \($0)" } ?? cursor.pathDescription
                    recordDefinition(definition, task: task, collector: &collector)
                }
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

    /// The pulled images of an inline Compose document: Jinja is rendered when the play runs, the rest
    /// follows Compose's interpolation as far as the document itself knows (no `.env`: there is no folder).
    private static func recordDefinition(_ definition: YAMLCursor, task: String, collector: inout FactCollector) {
        for service in ComposeExtractor.services(ofEmbedded: definition) where service.value.isMapping {
            guard service.value["build"] == nil, let image = service.value["image"] else { continue }
            collector.add(kind: composeKind, at: image, context: "\(task) definition.services.\(service.key)") { raw in
                raw.contains("{{") ? .unresolved(reason: "Jinja expression is rendered when the play runs") : ComposeExtractor.interpolate(raw)
            }
        }
    }
}
