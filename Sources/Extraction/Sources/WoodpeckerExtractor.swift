/// Woodpecker CI (and its fork Crow CI) workflows: `steps` (a mapping of named steps or a list, and the
/// older `pipeline:` mapping), `services` and `clone` steps, each with `image`. Kinds are prefixed with
/// the tool (`woodpecker/step`, `crow/step`, …).
enum WoodpeckerExtractor {
    static func extract(path: String, roots: [YAMLCursor], tool: String) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            for (section, what) in [("steps", "step"), ("pipeline", "step"), ("services", "service"), ("clone", "clone")] {
                guard let steps = root[section] else { continue }
                let named: [(String, YAMLCursor)] = steps.isMapping
                    ? steps.entries.map { ($0.key, $0.value) }
                    : steps.items.enumerated().map { ($1["name"]?.string ?? String($0), $1) }
                for (name, step) in named {
                    guard let image = step["image"] else { continue }
                    collector.add(kind: "\(tool)/\(what)", at: image, context: "\(section).\(name)")
                }
            }
        }
        return collector.facts
    }
}
