/// Bitbucket Pipelines `bitbucket-pipelines.yml`: the top-level `image` (string or `name:`), every
/// `step`'s `image` wherever the step stands (`pipelines.*`, `parallel`, `stage`, `definitions`), and
/// `definitions.services.*.image`. Pipes (`pipe:`) are not counted.
enum BitbucketPipelinesExtractor {
    static func extract(path: String, roots: [YAMLCursor]) -> FileFacts {
        var collector = FactCollector()
        for root in roots {
            if let image = root["image"], let name = image.isMapping ? image["name"] : image {
                collector.add(kind: "bitbucket-pipelines/image", at: name, context: "image")
            }
            for service in root["definitions"]?["services"]?.entries ?? [] {
                guard let image = service.value["image"], let name = image.isMapping ? image["name"] : image else { continue }
                collector.add(kind: "bitbucket-pipelines/service", at: name, context: "definitions.services.\(service.key)")
            }
            for section in ["pipelines", "definitions"] {
                root[section]?.walk { cursor, key in
                    guard key == "step", cursor.isMapping else { return .descend }
                    if let image = cursor["image"], let name = image.isMapping ? image["name"] : image {
                        let label = cursor["name"]?.string.map { " (\($0))" } ?? ""
                        collector.add(kind: "bitbucket-pipelines/step-image", at: name, context: cursor.pathDescription + label)
                    }
                    return .skipChildren
                }
            }
        }
        return collector.facts
    }
}
