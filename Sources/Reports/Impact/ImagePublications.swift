import Extraction
import Foundation
import Inventory

/// Which images each Dockerfile of the fleet publishes, where the fleet says so:
///
/// - an ImageBuilder manifest: a platform's `tags` (`imagebuilder/build-tag`, whose context ends with the
///   platform's Dockerfile); and, for a manifest read as a catalog whose tags the crawl could not resolve,
///   the catalog's current tags of a platform whose `dockerfile` is that Dockerfile (`catalog_tag.dockerfile`),
///   in the repository and branch the catalog reads (matched by its URL as repos.txt writes it);
/// - a Compose service with both `build` and `image`: `image` (`compose/build-tag`) names what the
///   service's `build` (`compose/build`, `built locally from <Dockerfile>`) produces;
/// - a Bake target's `tags` (`bake/build-tag`, whose context ends with the target's Dockerfile).
struct ImagePublications {
    private var byDockerfile: [String: [ImpactReport.Publication]] = [:]

    /// The publications stated by `references` (every reference of the week) and `catalogs`.
    init(references: [StoredReference], catalogs: [CatalogRecord], repositories: [RepositoryInfo]) {
        // Each repository's URL by name, looked up once per publication (the first of a name, as before).
        let urls = Dictionary(repositories.map { ($0.name, $0.url) }, uniquingKeysWith: { first, _ in first })
        var composeBuilds: [String: String] = [:]
        for stored in references where stored.reference.kind == "compose/build" {
            guard let dockerfile = LocalBuild.dockerfile(reason: stored.reference.reason) else { continue }
            composeBuilds[Self.serviceKey(stored, context: stored.reference.context, suffix: ".build")] = dockerfile
        }
        for stored in references {
            let reference = stored.reference
            guard let image = reference.normalized else { continue }
            let via: String
            let dockerfile: String?
            switch reference.kind {
            case "compose/build-tag":
                via = "compose"
                dockerfile = composeBuilds[Self.serviceKey(stored, context: reference.context, suffix: "")]
            case "bake/build-tag", "imagebuilder/build-tag":
                via = reference.kind == "bake/build-tag" ? "bake" : "imagebuilder"
                dockerfile = LocalBuild.dockerfile(context: reference.context)
            default:
                continue
            }
            guard let dockerfile else { continue }
            add(ImpactReport.Publication(image: image, via: via, repository: stored.repository, branch: stored.branch,
                                         path: reference.path, line: reference.line, link: nil),
                dockerfile: dockerfile, commitID: stored.commitID, urls: urls)
        }
        for catalog in catalogs where catalog.origin == "manifest" {
            guard let source = Self.manifestSource(catalog.source),
                  let repository = repositories.first(where: { Self.sameLocation($0.url, source.url) }) else { continue }
            let folder = (source.path as NSString).deletingLastPathComponent
            for tag in catalog.tags where tag.removedAt == nil {
                guard let written = tag.dockerfile, !written.isEmpty else { continue }
                let dockerfile = ImageBuilderManifestExtractor.dockerfilePath(folder.isEmpty ? written : folder + "/" + written)
                let image = "\(catalog.repository):\(tag.tag)"
                let known = byDockerfile[Self.key(repository.name, source.branch, dockerfile)] ?? []
                guard ImageReference.parse(image).isValid, !known.contains(where: { $0.image == image }) else { continue }
                add(ImpactReport.Publication(image: image, via: "imagebuilder", repository: repository.name,
                                             branch: source.branch, path: source.path, line: nil, link: nil),
                    dockerfile: dockerfile, commitID: nil, urls: urls)
            }
        }
    }

    /// What the Dockerfile at `path` of `repository`/`branch` publishes, by image.
    func published(repository: String, branch: String, dockerfile path: String) -> [ImpactReport.Publication] {
        (byDockerfile[Self.key(repository, branch, path)] ?? []).sorted { ($0.image, $0.path, $0.line ?? 0) < ($1.image, $1.path, $1.line ?? 0) }
    }

    private mutating func add(_ publication: ImpactReport.Publication, dockerfile: String, commitID: String?,
                              urls: [String: String]) {
        var publication = publication
        if let commitID, let url = urls[publication.repository] {
            publication.link = SourceLink.url(repositoryURL: url, commit: commitID, path: publication.path, line: publication.line)
        }
        let key = Self.key(publication.repository, publication.branch, dockerfile)
        if byDockerfile[key]?.contains(publication) != true { byDockerfile[key, default: []].append(publication) }
    }

    private static func key(_ repository: String, _ branch: String, _ path: String) -> String {
        "\(repository)\n\(branch)\n\(path)"
    }

    /// A Compose service's key: its file and `services.<name>`, without an alias note or `suffix`.
    private static func serviceKey(_ stored: StoredReference, context: String?, suffix: String) -> String {
        var service = context ?? ""
        if let via = service.range(of: " (via *", options: .backwards) { service = String(service[..<via.lowerBound]) }
        if !suffix.isEmpty, service.hasSuffix(suffix) { service = String(service.dropLast(suffix.count)) }
        return "\(stored.repository)\n\(stored.branch)\n\(stored.reference.path)\n\(service)"
    }

    /// The URL, branch and manifest path of a manifest catalog's source (`git <url> <branch>:<path>`).
    static func manifestSource(_ source: String) -> (url: String, branch: String, path: String)? {
        let parts = source.split(separator: " ").map(String.init)
        guard parts.count >= 3, parts[0] == "git", let colon = parts[parts.count - 1].firstIndex(of: ":") else { return nil }
        let last = parts[parts.count - 1]
        return (parts[1..<(parts.count - 1)].joined(separator: " "), String(last[..<colon]), String(last[last.index(after: colon)...]))
    }

    /// Whether two repository locations are the same (a `file://` prefix, a trailing `/` or `.git` aside).
    static func sameLocation(_ a: String, _ b: String) -> Bool {
        func plain(_ text: String) -> String {
            var text = text
            if text.hasPrefix("file://") { text = String(text.dropFirst("file://".count)) }
            while text.hasSuffix("/") { text.removeLast() }
            if text.hasSuffix(".git") { text.removeLast(4) }
            return text
        }
        return plain(a) == plain(b)
    }
}
