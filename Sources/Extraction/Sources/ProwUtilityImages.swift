/// Prow's pod utilities: the images Prow adds to every decorated job's pod (`clonerefs`, `initupload`,
/// `entrypoint`, `sidecar`), named by a decoration config's `utility_images`. Prow's schema fixes where a
/// decoration config stands, so only those places are read:
/// - in Prow's own `config.yaml`: `plank.default_decoration_config_entries[].config` (current),
///   `plank.default_decoration_configs.<repo or *>` and `plank.default_decoration_config` (older forms);
/// - in a job (`presubmits`/`postsubmits`/`periodics`): its `decoration_config`.
/// A `utility_images` mapping anywhere else is not Prow's and is not read.
enum ProwUtilityImages {
    static let kind = "prow/utility-image"

    /// The utilities a decoration config names images for, in Prow's order.
    static let utilities = ["clonerefs", "initupload", "entrypoint", "sidecar"]

    /// `plank`'s keys that hold decoration configs.
    static let plankDecorationKeys = [
        "default_decoration_config_entries", "default_decoration_configs", "default_decoration_config",
    ]

    /// Whether a document is Prow's configuration with decoration defaults: a `plank` mapping holding one
    /// of its decoration config keys.
    static func isProwConfig(_ document: YAMLCursor) -> Bool {
        guard let plank = document["plank"], plank.isMapping else { return false }
        return plankDecorationKeys.contains { plank[$0] != nil }
    }

    /// Records the utility images of `plank`'s default decoration configs.
    static func addPlankDefaults(of document: YAMLCursor, to collector: inout FactCollector,
                                 value: (Int) -> (String) -> ImageExpression) {
        guard let plank = document["plank"], plank.isMapping else { return }
        for item in plank["default_decoration_config_entries"]?.items ?? [] {
            if let config = item["config"] { add(config, to: &collector, context: { _ in nil }, value: value) }
        }
        for entry in plank["default_decoration_configs"]?.entries ?? [] {
            add(entry.value, to: &collector, context: { _ in nil }, value: value)
        }
        if let config = plank["default_decoration_config"] { add(config, to: &collector, context: { _ in nil }, value: value) }
    }

    /// Records the utility images of each job's `decoration_config`; `jobContext` names the job a cursor
    /// stands in (as the job's containers are named).
    static func addJobConfigs(of document: YAMLCursor, to collector: inout FactCollector,
                              jobContext: (YAMLCursor) -> String?, value: (Int) -> (String) -> ImageExpression) {
        for list in KubernetesExtractor.prowJobLists.sorted() {
            guard let jobs = document[list] else { continue }
            let groups = jobs.isSequence ? [jobs] : jobs.entries.map(\.value)
            for group in groups where group.isSequence {
                for job in group.items {
                    guard let config = job["decoration_config"] else { continue }
                    add(config, to: &collector, context: jobContext, value: value)
                }
            }
        }
    }

    /// Records the four utility images of one decoration config, when it names them.
    private static func add(_ config: YAMLCursor, to collector: inout FactCollector,
                            context: (YAMLCursor) -> String?, value: (Int) -> (String) -> ImageExpression) {
        guard let images = config["utility_images"], images.isMapping else { return }
        for utility in utilities {
            guard let image = images[utility], image.string != nil else { continue }
            let place = context(image) ?? image.pathDescription
            collector.add(kind: kind, at: image, context: place, value: value(image.line))
        }
    }
}
