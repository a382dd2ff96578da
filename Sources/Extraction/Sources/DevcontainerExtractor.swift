import Foundation

/// Dev Container configuration (`devcontainer.json`, `.devcontainer.json`; JSON with comments):
/// `image` (kind `devcontainer/image`), and `build.dockerfile` (or the older `dockerFile`) recorded as a
/// local build (`devcontainer/build`, unresolved with the Dockerfile it is built from).
/// `${localEnv:VAR:default}` takes its default; other `${…}` variables are set by the tool that opens it.
/// `features` are OCI artifacts installed into the container, not images, and are not counted.
public enum DevcontainerExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    public static let version = 1

    /// Facts of the devcontainer file at `path`.
    public static func extract(path: String, text: String) -> FileFacts {
        var collector = FactCollector()
        let document = JSONCDocument(text: text)
        if let error = document.error { collector.warn(line: error.line, error.message) }
        guard let root = document.root else { return collector.facts }
        if let image = root["image"], let raw = image.string, !raw.isEmpty {
            collector.add(kind: "devcontainer/image", line: image.line, context: "image", raw: raw, value: resolve(raw))
        }
        let folder = ComposeExtractor.parentFolder(of: path)
        let build = root["build"]
        if let dockerfile = build?["dockerfile"] ?? root["dockerFile"], let raw = dockerfile.string, !raw.isEmpty {
            let located = ComposeExtractor.joinPath(folder, raw)
            collector.add(kind: "devcontainer/build", line: dockerfile.line, context: build == nil ? "dockerFile" : "build.dockerfile",
                          raw: raw, value: .unresolved(reason: LocalBuild.reason(dockerfile: located)))
        }
        return collector.facts
    }

    static func resolve(_ raw: String) -> ImageExpression {
        var out = ""
        var rest = Substring(raw)
        while let open = rest.range(of: "${"), let close = rest.range(of: "}", range: open.upperBound..<rest.endIndex) {
            out += rest[..<open.lowerBound]
            let body = rest[open.upperBound..<close.lowerBound]
            let parts = body.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "localEnv" || parts[0] == "containerEnv" else {
                return .unresolved(reason: "${\(body)} is set by the tool that opens the dev container")
            }
            out += parts[2]
            rest = rest[close.upperBound...]
        }
        return ImageExpressions.plain(out + rest)
    }
}
