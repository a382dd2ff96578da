/// Bitbucket Pipelines `bitbucket-pipelines.yml`: the top-level `image` (string or `name:`), every
/// `step`'s `image` wherever the step stands (`pipelines.*`, `parallel`, `stage`, `definitions`), and
/// `definitions.services.*.image`, and a step's `pipe: docker://…` (a pipe given as a Docker image, which
/// the step pulls and runs; kind `bitbucket-pipelines/pipe`). A pipe named `workspace/repository:version`
/// (`atlassian/aws-s3-deploy:1.1.0`) is a Bitbucket repository whose `pipe.yml` names the image it runs,
/// so that name is not an image and is not counted.
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
                    recordDockerPipes(of: cursor, collector: &collector)
                    return .skipChildren
                }
            }
        }
        return collector.facts
    }

    /// The `pipe: docker://…` items of a step's `script` and `after-script` (the image without `docker://`).
    private static func recordDockerPipes(of step: YAMLCursor, collector: inout FactCollector) {
        let label = step["name"]?.string.map { " (\($0))" } ?? ""
        for section in ["script", "after-script"] {
            for item in step[section]?.items ?? [] where item.isMapping {
                guard let pipe = item["pipe"], let text = pipe.string, text.hasPrefix("docker://") else { continue }
                collector.add(kind: "bitbucket-pipelines/pipe", at: pipe, context: item.pathDescription + label) { raw in
                    ImageExpressions.plain(String(raw.dropFirst("docker://".count)))
                }
            }
        }
    }
}
