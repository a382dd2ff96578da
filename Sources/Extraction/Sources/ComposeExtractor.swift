import Foundation

/// Compose files: `services.*.image`, interpolated the way Compose does (`${VAR:-default}` and
/// `${VAR-default}` take their default; a variable with no default is set only when Compose runs).
///
/// A service with `build:` is recorded as kind `compose/build`: raw is the Dockerfile (or context) as
/// written, the value unresolved with a reason naming the Dockerfile the image is built from (its own
/// `FROM` lines are that image's references). A service with both `build:` and `image:` names the
/// build's result with `image:`, recorded as `compose/build-tag` (a name given, not a pull).
///
/// Compose interpolates from the `.env` file of the project directory (the compose file's folder), so a
/// value with variables is symbolic: `DefinitionIndex.composeLookup` evaluates it against that `.env`
/// file when the branch has one, and as the file alone says otherwise. The facts never hold `.env`
/// values, so they stay a function of the compose file's bytes.
///
/// A Compose v1 file (no `services:`; every top-level key a service) is read when its name is a compose
/// file's name and every top-level value is a mapping with `image` or `build` and only service keys.
enum ComposeExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    static let version = 2

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        let folder = parentFolder(of: path)
        let envFile = envFilePath(forComposeFile: path)
        for root in roots {
            for service in services(of: root, path: path) where service.value.isMapping {
                let context = "services.\(service.key)"
                let build = service.value["build"]
                if let build { recordBuild(build, folder: folder, context: context, collector: &collector) }
                if let image = service.value["image"] {
                    collector.add(kind: build == nil ? "compose/image" : "compose/build-tag", at: image, context: context,
                                  value: symbolicInterpolation)
                }
            }
        }
        let interpolates = collector.facts.references.contains { if case .symbolic = $0.value { true } else { false } }
        if interpolates { collector.include(path: envFile, line: 1) }
        return collector.facts
    }

    /// The `.env` file Compose reads for a compose file: the one in its folder (the project directory).
    static func envFilePath(forComposeFile path: String) -> String {
        joinPath(parentFolder(of: path), ".env")
    }

    /// The services of one document: `services:`, or for a v1 file the top-level mappings.
    private static func services(of root: YAMLCursor, path: String) -> [YAMLCursor.Entry] {
        if let services = root["services"] { return services.entries }
        guard YAMLFileClassifier.source(path: path) == .compose, isVersion1(root) else { return [] }
        return root.entries
    }

    /// The services of a Compose document embedded in another file (an Ansible task's `definition:`):
    /// its `services:` mapping, or the top-level mappings of a v1 document, which carries no file name.
    static func services(ofEmbedded document: YAMLCursor) -> [YAMLCursor.Entry] {
        if let services = document["services"] { return services.entries }
        return isVersion1(document) ? document.entries : []
    }

    /// Keys a v1 service may hold (Compose file format 1).
    static let version1ServiceKeys: Set<String> = [
        "image", "build", "dockerfile", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes",
        "volumes_from", "links", "external_links", "labels", "container_name", "restart", "net", "dns", "dns_search",
        "cap_add", "cap_drop", "devices", "extends", "extra_hosts", "log_driver", "log_opt", "mem_limit", "memswap_limit",
        "cpu_shares", "cpuset", "cpu_quota", "working_dir", "user", "hostname", "domainname", "privileged", "read_only",
        "stdin_open", "tty", "security_opt", "ulimits", "pid", "ipc", "mac_address", "stop_signal", "volume_driver",
        "logging", "networks", "depends_on", "healthcheck", "shm_size", "tmpfs", "sysctls", "init", "platform",
    ]

    /// A v1 file: every top-level value is a mapping with `image` or `build` and only service keys.
    private static func isVersion1(_ root: YAMLCursor) -> Bool {
        let entries = root.entries
        return !entries.isEmpty && entries.allSatisfy { entry in
            entry.value.isMapping && (entry.value["image"] != nil || entry.value["build"] != nil)
                && entry.value.keys.allSatisfy { version1ServiceKeys.contains($0) || $0.hasPrefix("x-") }
        }
    }

    /// The image text as a fact: literal without variables, else a `compose/env` placeholder holding
    /// the text as written (braces and `%` percent-encoded, so the marker's own `}}` stays unambiguous),
    /// for the branch resolver to evaluate against the project's `.env`.
    static func symbolicInterpolation(_ raw: String) -> ImageExpression {
        guard DollarInterpolation.hasVariables(raw) else { return interpolate(raw) }
        return .symbolic(text: SymbolPlaceholder.make(namespace: ComposeEnvFileExtractor.namespace, name: encodeBraces(raw)))
    }

    static func encodeBraces(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "{", with: "%7B")
            .replacingOccurrences(of: "}", with: "%7D")
    }

    static func decodeBraces(_ text: String) -> String {
        text.replacingOccurrences(of: "%7B", with: "{").replacingOccurrences(of: "%7D", with: "}")
            .replacingOccurrences(of: "%25", with: "%")
    }

    /// The image text with Compose interpolation applied, as far as the file itself knows.
    static func interpolate(_ raw: String) -> ImageExpression {
        switch evaluate(raw, depth: 0, environment: { _ in nil }) {
        case .success(let text): return .literal(text)
        case .failure(let failure): return .unresolved(reason: failure.reason)
        }
    }

    /// The text with variables taken from `environment` (nil: not set there), Compose's rules for the rest.
    static func evaluate(_ text: String, depth: Int, environment: (String) -> String?) -> Result<String, ResolutionFailure> {
        guard depth < 8 else { return .failure(ResolutionFailure(reason: "defaults nest too deeply")) }
        var out = ""
        for token in DollarInterpolation.tokens(text) {
            switch token {
            case .text(let literal):
                out += literal
            case .variable(let name, let modifier, let written):
                let set = environment(name)
                switch modifier {
                case .fallback(_, let emptyToo)? where set.map({ !(emptyToo && $0.isEmpty) }) ?? false:
                    out += set ?? ""
                case .alternative(let word, let emptyToo)? where set != nil:
                    guard let set, !(emptyToo && set.isEmpty) else { continue }
                    switch evaluate(word, depth: depth + 1, environment: environment) {
                    case .success(let value): out += value
                    case .failure(let failure): return .failure(failure)
                    }
                case .required? where set != nil, nil where set != nil:
                    out += set ?? ""
                case .fallback(let word, _)?:
                    switch evaluate(word, depth: depth + 1, environment: environment) {
                    case .success(let value): out += value
                    case .failure(let failure): return .failure(failure)
                    }
                case .alternative?:
                    return .failure(ResolutionFailure(reason: "\(written) depends on whether \(name) is set when Compose runs"))
                case .required?, nil:
                    return .failure(ResolutionFailure(reason: "\(name) is set from the environment or an .env file when Compose runs"))
                }
            }
        }
        return .success(out)
    }

    private static func recordBuild(_ build: YAMLCursor, folder: String, context: String, collector: inout FactCollector) {
        let contextCursor = build.isMapping ? build["context"] : build
        let dockerfileCursor = build.isMapping ? build["dockerfile"] : nil
        let contextText = contextCursor?.string ?? "."
        if build.isMapping, let inline = build["dockerfile_inline"], inline.string != nil {
            collector.add(kind: "compose/build", line: inline.line, context: FactCollector.context(context + ".build", alias: inline.alias),
                          raw: "dockerfile_inline", value: .unresolved(reason: "built locally from an inline Dockerfile"))
            return
        }
        let anchor = dockerfileCursor ?? contextCursor ?? build
        let raw = dockerfileCursor?.string ?? contextCursor?.string ?? "."
        let reason: String
        if contextText.contains("://") || contextText.hasPrefix("git@") {
            reason = "built from the remote context \(contextText)"
        } else {
            let dockerfile = joinPath(folder, contextText, dockerfileCursor?.string ?? "Dockerfile")
            reason = LocalBuild.reason(dockerfile: dockerfile)
            if build.isMapping, let args = build["args"] {
                recordBuildArgs(args, dockerfile: dockerfile, context: context, collector: &collector)
            }
        }
        collector.add(kind: "compose/build", line: anchor.line, context: FactCollector.context(context + ".build", alias: anchor.alias),
                      raw: raw, value: .unresolved(reason: reason))
    }

    static func parentFolder(of path: String) -> String {
        var components = path.split(separator: "/").map(String.init)
        components.removeLast()
        return components.joined(separator: "/")
    }

    /// `folder/context/file` with `.` and `..` folded, as a repository-relative path.
    static func joinPath(_ parts: String...) -> String {
        var out: [String] = []
        for part in parts {
            if part.hasPrefix("/") { out.removeAll() }
            for component in part.split(separator: "/") {
                if component == "." || component.isEmpty { continue }
                if component == "..", !out.isEmpty, out.last != ".." { out.removeLast(); continue }
                out.append(String(component))
            }
        }
        return out.joined(separator: "/")
    }
}
