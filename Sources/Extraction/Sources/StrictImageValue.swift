/// Decides whether a free-form value (a pipeline variable, an `env:` entry, an action input) is an image
/// reference. Such values are mostly not images (`Release`, `ubuntu-latest`, versions, URLs, paths), so
/// only values that could be nothing else count: valid by the OCI reference grammar and written either
/// with a registry host (`registry.example.com/x`, `localhost:5000/x`) or with an explicit tag or digest.
enum StrictImageValue {
    /// Hosts of source code that serve no images; `github.com/org/repo` is a Go module or a repository.
    static let sourceHosts: Set<String> = ["github.com", "gitlab.com", "bitbucket.org"]

    /// Endings of variable names whose values are addresses, ports, paths or registries, never images to
    /// pull (`REDIS_HOST: redis:6379` reads like an image with a tag).
    static let addressNameSuffixes = [
        "URL", "URI", "HOST", "HOSTNAME", "ADDR", "ADDRESS", "ENDPOINT", "SERVER", "PROXY", "PORT", "PATH", "DIR",
        "FILE", "CONTEXT", "REGISTRY",
    ]

    /// Whether `value`, held by a variable or input named `name`, is an image by the strict test.
    static func isImage(_ value: String, name: String) -> Bool {
        let upper = name.uppercased()
        if addressNameSuffixes.contains(where: { upper == $0 || upper.hasSuffix("_" + $0) || upper.hasSuffix("-" + $0) }) {
            return false
        }
        return isImage(value)
    }

    /// Whether `value` is an image by the strict test, whatever holds it. With `requireTagOrDigest`, a
    /// registry host alone is not enough (Azure Pipelines names registries and repositories in settings
    /// such as `containerRegistry: mcr.microsoft.com/dotnet-buildtools`).
    static func isImage(_ value: String, requireTagOrDigest: Bool = false) -> Bool {
        guard !value.isEmpty, value.utf8.count <= FactCollector.maxImageLength, !value.contains("://"),
              !value.contains(where: { $0.isWhitespace || "${}'\"".contains($0) }) else { return false }
        // `localhost:5000` is a registry address, not an image tagged 5000.
        if value.split(separator: ":").first == "localhost", !value.contains("/") { return false }
        let reference = ImageReference.parse(value)
        if requireTagOrDigest, reference.tag == nil, reference.digest == nil { return false }
        // `10:00` is a time, not an image: the image's own name must hold a letter.
        guard reference.isValid, let name = reference.repository?.split(separator: "/").last,
              name.contains(where: \.isLetter) else {
            return false
        }
        let firstComponent = value.split(separator: "/", maxSplits: 1).first.map(String.init) ?? value
        let writesHost = value.contains("/")
            && (firstComponent.contains(".") || firstComponent.contains(":") || firstComponent == "localhost")
        if writesHost, sourceHosts.contains(firstComponent.lowercased()) { return false }
        return writesHost || reference.tag != nil || reference.digest != nil
    }
}
