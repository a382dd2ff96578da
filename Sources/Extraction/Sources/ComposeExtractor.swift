/// Compose files: `services.*.image`, interpolated the way Compose does (`${VAR:-default}` and
/// `${VAR-default}` take their default; a variable with no default is set only when Compose runs).
///
/// A service with `build:` is recorded as kind `compose/build`: raw is the Dockerfile (or context) as
/// written, the value unresolved with a reason naming the Dockerfile the image is built from (its own
/// `FROM` lines are that image's references). A service with both `build:` and `image:` names the
/// build's result with `image:`, recorded as `compose/build-tag` (a name given, not a pull).
enum ComposeExtractor {
    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        let folder = parentFolder(of: path)
        for root in roots {
            for service in root["services"]?.entries ?? [] where service.value.isMapping {
                let context = "services.\(service.key)"
                let build = service.value["build"]
                if let build { recordBuild(build, folder: folder, context: context, collector: &collector) }
                if let image = service.value["image"] {
                    collector.add(kind: build == nil ? "compose/image" : "compose/build-tag", at: image, context: context,
                                  value: interpolate)
                }
            }
        }
        return collector.facts
    }

    /// The image text with Compose interpolation applied, as far as the file itself knows.
    static func interpolate(_ raw: String) -> ImageExpression {
        switch evaluate(raw, depth: 0) {
        case .success(let text): return .literal(text)
        case .failure(let failure): return .unresolved(reason: failure.reason)
        }
    }

    private static func evaluate(_ text: String, depth: Int) -> Result<String, ResolutionFailure> {
        guard depth < 8 else { return .failure(ResolutionFailure(reason: "defaults nest too deeply")) }
        var out = ""
        for token in DollarInterpolation.tokens(text) {
            switch token {
            case .text(let literal):
                out += literal
            case .variable(let name, let modifier, let written):
                switch modifier {
                case .fallback(let word, _)?:
                    switch evaluate(word, depth: depth + 1) {
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
            let dockerfile = dockerfileCursor?.string ?? "Dockerfile"
            reason = "built locally from \(joinPath(folder, contextText, dockerfile))"
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
