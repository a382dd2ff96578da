import Foundation

/// CircleCI `config.yml`: every `docker:` list entry's `image` in `jobs` and `executors` (the first is the
/// primary container, the rest run beside it). `<< parameters.x >>` takes the default of the job's or
/// executor's own `parameters`; `machine:`/`macos:` images are VM images, not container images. Orbs
/// defined inline under `orbs:` are read the same way (context `orbs.<orb>.executors.…`).
enum CircleCIExtractor {
    static let kind = "circleci/docker-image"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            recordDockerImages(of: root, prefix: "", collector: &collector)
            // An orb defined inline (`orbs: name: {executors: …, jobs: …}`) is read like the file itself;
            // an orb given as a string (`circleci/node@5.2`) is a published orb, not an image.
            for orb in root["orbs"]?.entries ?? [] where orb.value.isMapping {
                recordDockerImages(of: orb.value, prefix: "orbs.\(orb.key).", collector: &collector)
            }
        }
        return collector.facts
    }

    /// The `docker:` images of the `executors` and `jobs` of `owner` (the file, or an inline orb).
    private static func recordDockerImages(of owner: YAMLCursor, prefix: String, collector: inout FactCollector) {
        for section in ["executors", "jobs"] {
            for job in owner[section]?.entries ?? [] where job.value.isMapping {
                let defaults = parameterDefaults(job.value["parameters"])
                for (index, entry) in (job.value["docker"]?.items ?? []).enumerated() {
                    guard let image = entry["image"] else { continue }
                    let role = index == 0 ? "primary" : "service \(index)"
                    collector.add(kind: kind, at: image, context: "\(prefix)\(section).\(job.key).docker[\(index)] (\(role))") { raw in
                        resolve(raw, defaults: defaults)
                    }
                }
            }
        }
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
            let body = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
            guard body.hasPrefix("parameters."), let value = defaults[String(body.dropFirst("parameters.".count))] else {
                return .unresolved(reason: "CircleCI parameter << \(body) >> has no default here; it is set where the job is used")
            }
            out += value
            rest = rest[close.upperBound...]
        }
        return ImageExpressions.plain(out + rest)
    }
}
