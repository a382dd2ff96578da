import Foundation

/// CircleCI `config.yml`: every `docker:` list entry's `image` in `jobs` and `executors` (the first is the
/// primary container, the rest run beside it). `<< parameters.x >>` takes the default of the job's or
/// executor's own `parameters`; `machine:`/`macos:` images are VM images, not container images.
enum CircleCIExtractor {
    static let kind = "circleci/docker-image"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            for section in ["executors", "jobs"] {
                for owner in root[section]?.entries ?? [] where owner.value.isMapping {
                    let defaults = parameterDefaults(owner.value["parameters"])
                    for (index, entry) in (owner.value["docker"]?.items ?? []).enumerated() {
                        guard let image = entry["image"] else { continue }
                        let role = index == 0 ? "primary" : "service \(index)"
                        collector.add(kind: kind, at: image, context: "\(section).\(owner.key).docker[\(index)] (\(role))") { raw in
                            resolve(raw, defaults: defaults)
                        }
                    }
                }
            }
        }
        return collector.facts
    }

    private static func parameterDefaults(_ cursor: YAMLCursor?) -> [String: String] {
        var out: [String: String] = [:]
        for entry in cursor?.entries ?? [] {
            if let value = entry.value["default"]?.string { out[entry.key] = value }
        }
        return out
    }

    /// `raw` with `<< parameters.x >>` replaced by defaults; unresolved when one has none.
    static func resolve(_ raw: String, defaults: [String: String]) -> ImageExpression {
        var out = ""
        var rest = Substring(raw)
        while let open = rest.range(of: "<<"), let close = rest.range(of: ">>", range: open.upperBound..<rest.endIndex) {
            out += rest[..<open.lowerBound]
            let body = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard body.hasPrefix("parameters."), let value = defaults[String(body.dropFirst("parameters.".count))] else {
                return .unresolved(reason: "CircleCI parameter << \(body) >> has no default here; it is set where the job is used")
            }
            out += value
            rest = rest[close.upperBound...]
        }
        return ImageExpressions.plain(out + rest)
    }
}
