/// Vela `.vela.yml`: `steps[].image`, `stages.*.steps[].image`, `services[].image` and secret origins
/// (`secrets[].origin.image`).
enum VelaExtractor {
    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            record(root["steps"], section: "steps", kind: "vela/step", collector: &collector)
            for stage in root["stages"]?.entries ?? [] {
                record(stage.value["steps"], section: "stages.\(stage.key).steps", kind: "vela/step", collector: &collector)
            }
            record(root["services"], section: "services", kind: "vela/service", collector: &collector)
            for (index, secret) in (root["secrets"]?.items ?? []).enumerated() {
                guard let image = secret["origin"]?["image"] else { continue }
                let label = secret["origin"]?["name"]?.string ?? secret["name"]?.string ?? String(index)
                collector.add(kind: "vela/secret-origin", at: image, context: "secrets[\(label)].origin")
            }
        }
        return collector.facts
    }

    private static func record(_ steps: YAMLCursor?, section: String, kind: String, collector: inout FactCollector) {
        for (index, step) in (steps?.items ?? []).enumerated() {
            guard let image = step["image"] else { continue }
            collector.add(kind: kind, at: image, context: "\(section)[\(step["name"]?.string ?? String(index))]")
        }
    }
}
