/// ko's `.ko.yaml`: the base images ko builds Go binaries onto — `defaultBaseImage` and the values of
/// `baseImageOverrides` (Go import path → image), both of kind `ko/base-image`. ko does not template these
/// values, so a `$` in one is set by the caller (`KO_DEFAULTBASEIMAGE` overrides the default at run time).
enum KoExtractor {
    static let kind = "ko/base-image"

    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots where root.isMapping {
            if let image = root["defaultBaseImage"] {
                collector.add(kind: kind, at: image, context: "defaultBaseImage")
            }
            for override in root["baseImageOverrides"]?.entries ?? [] {
                collector.add(kind: kind, at: override.value, context: "baseImageOverrides.\(override.key)")
            }
        }
        return collector.facts
    }
}
