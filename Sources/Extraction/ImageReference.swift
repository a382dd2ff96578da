import Foundation

/// A container image reference parsed and normalized per the OCI distribution reference grammar.
///
/// Parsing follows `github.com/distribution/reference` (`ParseNormalizedNamed`), the rules Docker uses:
///
///     reference  := name [ ":" tag ] [ "@" digest ]
///     name       := [ domain "/" ] path
///     domain     := host [ ":" port ]          host: DNS-like name, IPv4, or "[" IPv6 "]"
///     path       := component ( "/" component )*
///     component  := [a-z0-9]+ ( separator [a-z0-9]+ )*    separator: ".", "_", "__", "-"+
///     tag        := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
///     digest     := algorithm ":" hex
///
/// Docker normalization: the first `/`-separated component is a registry only when it is `localhost`,
/// contains `.` or `:` (a DNS name, an IP address, a port, an IPv6 literal), or contains an uppercase
/// letter (distribution's rule: namespaces are lowercase, so such a component must be a host).
/// Otherwise the registry is `docker.io`. `index.docker.io` becomes `docker.io`, and a single-component
/// Docker Hub path gets the `library/` namespace. A name without any `/` (such as `localhost:5000`) is
/// always a Docker Hub name, with `5000` as its tag, exactly as distribution treats it.
///
/// Digests: `sha256`, `sha384` and `sha512` are the supported algorithms (as in `go-digest`); their
/// hex must be lowercase and exactly 64, 96 or 128 characters. Any other algorithm is rejected as
/// unsupported even when it is well-formed, as `distribution/reference` does.
///
/// The path length limit (255) applies to the normalized repository path without the registry, as in
/// current `distribution/reference`.
///
/// Deviation, on purpose: when the first component looks like a registry (it has a `.`) but is not a valid
/// host (`my_host.com/app`), distribution silently treats the whole name as a registry-less path; here it is
/// invalid, because no registry could serve it.
///
/// Leading and trailing whitespace is ignored. An invalid reference keeps `raw`, has `isValid == false`
/// and a human `invalidReason`; all its parsed fields (`registry`, `repository`, `tag`, `digest`,
/// `normalized`) are `nil`, so nothing half-parsed is ever reported as fact. When no tag is written,
/// `tag` stays `nil` (see `effectiveTag`).
public struct ImageReference: Sendable, Hashable, Codable {
    /// The text exactly as given to `parse(_:)`, before trimming.
    public var raw: String
    /// Whether the text is a valid reference under the grammar above.
    public var isValid: Bool
    /// Why the reference is invalid; `nil` when it is valid.
    public var invalidReason: String?
    /// The normalized registry host, with its port (`docker.io`, `mcr.microsoft.com`, `localhost:5000`).
    public var registry: String?
    /// The normalized repository path inside the registry (`library/ubuntu`, `dotnet/sdk`).
    public var repository: String?
    /// The tag as written; `nil` when none is written (Docker then pulls `latest`, see `effectiveTag`).
    public var tag: String?
    /// The digest as written (`sha256:…`); `nil` when none is written.
    public var digest: String?
    /// The full normalized form, `registry/repository[:tag][@digest]`.
    public var normalized: String?

    /// The registry Docker uses when a reference names none.
    public static let dockerHubRegistry = "docker.io"
    /// The legacy Docker Hub host that normalizes to `docker.io`.
    public static let legacyDockerHubRegistry = "index.docker.io"
    /// The Docker Hub namespace of official images (`ubuntu` is `library/ubuntu`).
    public static let officialNamespace = "library"
    /// The tag Docker pulls when a reference has neither tag nor digest.
    public static let defaultTag = "latest"
    /// The longest repository path accepted.
    public static let maximumPathLength = 255
    /// The longest tag accepted.
    public static let maximumTagLength = 128

    /// Parses and normalizes `text`; never fails, an invalid reference carries its reason instead.
    public static func parse(_ text: String) -> ImageReference {
        parseMemo.reference(for: text, parse: parseUncached)
    }

    /// `parse(_:)` without the memo.
    static func parseUncached(_ text: String) -> ImageReference {
        switch components(of: text.trimmingWhitespaceAndNewlines()) {
        case .valid(let registry, let repository, let tag, let digest):
            var normalized = "\(registry)/\(repository)"
            if let tag { normalized += ":\(tag)" }
            if let digest { normalized += "@\(digest)" }
            return ImageReference(raw: text, isValid: true, invalidReason: nil, registry: registry,
                                  repository: repository, tag: tag, digest: digest, normalized: normalized)
        case .invalid(let reason):
            return ImageReference(raw: text, isValid: false, invalidReason: reason, registry: nil,
                                  repository: nil, tag: nil, digest: nil, normalized: nil)
        }
    }

    /// `registry/repository` without tag or digest; `nil` when invalid.
    public var nameWithoutTag: String? {
        guard let registry, let repository else { return nil }
        return "\(registry)/\(repository)"
    }

    /// The short name Docker shows (`ubuntu`, `grafana/grafana`, `mcr.microsoft.com/dotnet/sdk`), without
    /// tag or digest; `nil` when invalid.
    public var familiarName: String? {
        guard let registry, let repository else { return nil }
        guard registry == Self.dockerHubRegistry else { return "\(registry)/\(repository)" }
        let officialPrefix = Self.officialNamespace + "/"
        if repository.hasPrefix(officialPrefix) {
            let shortName = repository.dropFirst(officialPrefix.count)
            // Only a direct child of `library/` is an official image; deeper paths keep the namespace.
            if !shortName.contains("/") { return String(shortName) }
        }
        return repository
    }

    /// The tag Docker would pull: the written tag, `latest` when neither tag nor digest is written, and
    /// `nil` for a digest-only reference or an invalid one.
    public var effectiveTag: String? {
        guard isValid else { return nil }
        if let tag { return tag }
        return digest == nil ? Self.defaultTag : nil
    }

    /// Whether a valid reference floats on `latest`: tagged `latest`, or written with neither tag nor digest.
    /// A digest pins the content, so `alpine:latest@sha256:…` and `alpine@sha256:…` do not float.
    public var isLatestOrUntagged: Bool {
        guard isValid, digest == nil else { return false }
        return tag == nil || tag == Self.defaultTag
    }

    /// Whether a valid reference is pinned to content by a digest.
    public var isDigestPinned: Bool {
        isValid && digest != nil
    }

    /// The same repository with `newTag` and no digest (the old digest would pin other content); the result
    /// is itself validated, so a bad tag yields an invalid reference. `nil` when this reference is invalid.
    public func withTag(_ newTag: String) -> ImageReference? {
        guard let nameWithoutTag else { return nil }
        return Self.parse("\(nameWithoutTag):\(newTag)")
    }
}

extension ImageReference {
    /// The outcome of splitting and checking a trimmed reference.
    enum Components {
        case valid(registry: String, repository: String, tag: String?, digest: String?)
        case invalid(String)
    }

    /// Splits `text` into normalized parts, checking each against the grammar, in distribution's order:
    /// image-ID check, lowercase name, then the grammar of each part, then the path length.
    static func components(of text: String) -> Components {
        guard !text.isEmpty else { return .invalid("invalid reference format: empty") }
        if Grammar.isImageIdentifier(text) {
            return .invalid("invalid repository name \"\(text)\": a 64-character hexadecimal string is an image ID, not a name")
        }

        // Neither a name nor a tag may contain `@`, so the first one starts the digest.
        var nameAndTag = Substring(text)
        var digest: Substring?
        if let at = text.firstIndex(of: "@") {
            nameAndTag = text[..<at]
            digest = text[text.index(after: at)...]
        }
        guard !nameAndTag.isEmpty else { return .invalid("invalid reference format: repository name is empty") }

        let (registry, remote) = splitRegistry(nameAndTag)
        // Paths never contain `:`, so past the registry the first `:` starts the tag.
        var path = remote
        var tag: Substring?
        if let colon = remote.firstIndex(of: ":") {
            path = remote[..<colon]
            tag = remote[remote.index(after: colon)...]
        }

        guard !path.isEmpty else { return .invalid("invalid reference format: repository name is empty") }
        if path.unicodeScalars.contains(where: Grammar.isUppercase) {
            return .invalid("repository name must be lowercase: \"\(path)\"")
        }
        if let registry, let problem = Grammar.registryProblem(registry) { return .invalid(problem) }
        if let problem = Grammar.pathProblem(path) { return .invalid(problem) }
        if let tag, let problem = Grammar.tagProblem(tag) { return .invalid(problem) }
        if let digest, let problem = Grammar.digestProblem(digest) { return .invalid(problem) }

        let normalizedRegistry = normalizedRegistry(registry)
        var repository = String(path)
        if normalizedRegistry == dockerHubRegistry && !repository.contains("/") {
            repository = "\(officialNamespace)/\(repository)"
        }
        if repository.utf8.count > maximumPathLength {
            return .invalid("repository path is longer than \(maximumPathLength) characters (got \(repository.utf8.count))")
        }
        return .valid(registry: normalizedRegistry, repository: repository,
                      tag: tag.map(String.init), digest: digest.map(String.init))
    }

    /// Splits off the registry as Docker does; `nil` registry means Docker Hub by default.
    static func splitRegistry(_ nameAndTag: Substring) -> (registry: Substring?, remote: Substring) {
        guard let slash = nameAndTag.firstIndex(of: "/") else { return (nil, nameAndTag) }
        let first = nameAndTag[..<slash]
        let rest = nameAndTag[nameAndTag.index(after: slash)...]
        let isRegistry = first == "localhost"
            || first.contains(".") || first.contains(":")
            || first.unicodeScalars.contains(where: Grammar.isUppercase)
        return isRegistry ? (first, rest) : (nil, nameAndTag)
    }

    /// The canonical spelling of a written registry: Docker Hub's default and legacy names become `docker.io`.
    static func normalizedRegistry(_ registry: Substring?) -> String {
        guard let registry, registry != legacyDockerHubRegistry else { return dockerHubRegistry }
        return String(registry)
    }
}
