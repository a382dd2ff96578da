import Foundation

/// Tekton resources (Task, ClusterTask, Pipeline and run objects with embedded `taskSpec`, StepAction):
/// `steps[].image`, `sidecars[].image`, `stepTemplate.image` anywhere in a document, and a StepAction's
/// `spec.image`. `$(params.x)` takes the default of a `params` entry of the same document.
enum TektonExtractor {
    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            let resource = KubernetesExtractor.resourceName(root)
            var defaults: [String: String] = [:]
            root.walk { cursor, key in
                if key == "params" {
                    for param in cursor.items {
                        if let name = param["name"]?.string, let value = param["default"]?.string { defaults[name] = value }
                    }
                    return .skipChildren
                }
                return .descend
            }
            let resolve = { (raw: String) in Self.resolve(raw, defaults: defaults) }
            if root["kind"]?.string == "StepAction", let image = root["spec"]?["image"] {
                collector.add(kind: "tekton/step-action", at: image, context: resource, value: resolve)
            }
            root.walk { cursor, key in
                switch key {
                case "steps", "sidecars":
                    let kind = key == "steps" ? "tekton/step" : "tekton/sidecar"
                    for (index, step) in cursor.items.enumerated() {
                        guard let image = step["image"] else { continue }
                        let label = step["name"]?.string ?? String(index)
                        let context = [resource, "\(cursor.pathDescription)[\(label)]"].compactMap { $0 }.joined(separator: " ")
                        collector.add(kind: kind, at: image, context: context, value: resolve)
                    }
                    return .skipChildren
                case "stepTemplate":
                    if let image = cursor["image"] {
                        let context = [resource, cursor.pathDescription].compactMap { $0 }.joined(separator: " ")
                        collector.add(kind: "tekton/step-template", at: image, context: context, value: resolve)
                    }
                    return .skipChildren
                default:
                    return .descend
                }
            }
        }
        return collector.facts
    }

    static func resolve(_ raw: String, defaults: [String: String]) -> ImageExpression {
        var out = ""
        var rest = Substring(raw)
        while let open = rest.range(of: "$("), let close = rest.range(of: ")", range: open.upperBound..<rest.endIndex) {
            out += rest[..<open.lowerBound]
            let body = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
            let name = body.hasPrefix("params.") ? String(body.dropFirst("params.".count))
                : body.hasPrefix("inputs.params.") ? String(body.dropFirst("inputs.params.".count)) : nil
            guard let name, let value = defaults[name] else {
                return .unresolved(reason: "Tekton variable $(\(body)) is set when the run starts")
            }
            out += value
            rest = rest[close.upperBound...]
        }
        return ImageExpressions.plain(out + rest)
    }
}
