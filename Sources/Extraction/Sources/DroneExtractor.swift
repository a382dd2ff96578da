/// Drone `.drone.yml` pipelines (one per document): `steps[].image` and `services[].image`.
enum DroneExtractor {
    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots where root["kind"]?.string == nil || root["kind"]?.string == "pipeline" {
            let pipeline = root["name"]?.string.map { "pipeline \($0) " } ?? ""
            for (section, kind) in [("steps", "drone/step"), ("services", "drone/service")] {
                for (index, step) in (root[section]?.items ?? []).enumerated() {
                    guard let image = step["image"] else { continue }
                    let label = step["name"]?.string ?? String(index)
                    collector.add(kind: kind, at: image, context: "\(pipeline)\(section)[\(label)]")
                }
            }
        }
        return collector.facts
    }
}
