/// Google Cloud Build `cloudbuild.yaml`: each `steps[].name` is the image the step runs in.
/// `$_VAR`/`${_VAR}` user substitutions take their `substitutions:` defaults; built-in substitutions
/// (`$PROJECT_ID`, `$COMMIT_SHA`, …) are set when the build runs. The `images:` list names images the
/// build pushes (outputs), so it is not counted.
enum CloudBuildExtractor {
    static let kind = "cloudbuild/step"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            var substitutions: [String: String] = [:]
            for entry in root["substitutions"]?.entries ?? [] {
                if let value = entry.value.string { substitutions[entry.key] = value }
            }
            for (index, step) in (root["steps"]?.items ?? []).enumerated() {
                guard let name = step["name"] else { continue }
                let label = step["id"]?.string ?? String(index)
                collector.add(kind: kind, at: name, context: "steps[\(label)]") { raw in
                    resolve(raw, substitutions: substitutions)
                }
            }
        }
        return collector.facts
    }

    static func resolve(_ raw: String, substitutions: [String: String]) -> ImageExpression {
        var out = ""
        for token in DollarInterpolation.tokens(raw) {
            switch token {
            case .text(let text): out += text
            case .variable(let name, let modifier, let written):
                guard modifier == nil, let value = substitutions[name] else {
                    let reason = name.hasPrefix("_")
                        ? "substitution \(written) has no default in this file; it is set when the build is triggered"
                        : "\(written) is a Cloud Build built-in substitution, set when the build runs"
                    return .unresolved(reason: reason)
                }
                out += value
                if out.utf8.count > FactCollector.maxImageLength {
                    return .unresolved(reason:
                        "substitutions expand \(raw.prefix(64))… beyond \(FactCollector.maxImageLength) bytes, too long for an image reference")
                }
            }
        }
        return ImageExpressions.plain(out)
    }
}
