import Extraction
import Foundation

/// The parts of a .NET ImageBuilder `manifest.json` that define tags (the format of
/// `dotnet/dotnet-buildtools-prereqs-docker` and `dotnet/dotnet-docker`).
///
/// A root manifest names the `registry`, `variables` and `includes` (more manifests whose `repos` are
/// merged into the root's by `id`); each repo has a `name` and `images`, each image `sharedTags` and
/// `platforms` with `dockerfile`, `os`, `osVersion`, `architecture` and `tags` (objects whose keys are the
/// tags). Unknown fields are ignored.
public struct ImageBuilderManifest: Sendable, Hashable {
    /// `registry` of the root manifest (`mcr.microsoft.com`), after variable substitution.
    public var registry: String?
    /// Manifest-level variables, merged over includes (the root wins).
    public var variables: [String: String]
    /// `includes` of the root manifest, repository-relative.
    public var includes: [String]
    /// Repos after merging includes.
    public var repos: [Repo]

    /// One `repos[]` entry.
    public struct Repo: Sendable, Hashable {
        /// `id`, used to merge includes and by `$(Repo:id)`.
        public var id: String?
        /// `name` (`dotnet-buildtools/prereqs`).
        public var name: String?
        /// Its images.
        public var images: [Image]
    }

    /// One `images[]` entry.
    public struct Image: Sendable, Hashable {
        /// Tags shared by every platform of the image (a multi-architecture manifest list).
        public var sharedTags: [Tag]
        /// The platforms it is built for.
        public var platforms: [Platform]
    }

    /// One `platforms[]` entry.
    public struct Platform: Sendable, Hashable {
        /// Where its Dockerfile is.
        public var dockerfile: String?
        /// `linux` or `windows`.
        public var os: String?
        /// ImageBuilder's OS version.
        public var osVersion: String?
        /// `amd64` when absent, as ImageBuilder assumes.
        public var architecture: String?
        /// Its tags.
        public var tags: [Tag]
    }

    /// A tag as written (it may contain `$(variables)`), and whether it is only built locally.
    public struct Tag: Sendable, Hashable {
        /// The key of the `tags` object.
        public var template: String
        /// `isLocal: true` tags are never pushed.
        public var isLocal: Bool
    }

    /// How a tag template turned out.
    public enum TagResolution: Sendable, Hashable {
        /// A concrete tag.
        case tag(String)
        /// It holds an ImageBuilder system variable (`$(System:TimeStamp)`…): a new immutable tag per
        /// build, so not part of the standard set.
        case perBuild
        /// It names a variable the manifest does not define, or substitutes to an invalid tag.
        case invalid(String)
    }

    /// Parses one manifest file (root or include).
    public static func parse(_ data: Data, path: String, commit: String? = nil) throws(PolicyError) -> ImageBuilderManifest {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw .invalidManifest(path: path, commit: commit, problem: "not valid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else {
            throw .invalidManifest(path: path, commit: commit, problem: "the top level must be a JSON object")
        }
        let reader = JSONReader(path: path, commit: commit)
        var variables: [String: String] = [:]
        if let raw = root["variables"] {
            guard let dictionary = raw as? [String: Any] else {
                throw .invalidManifest(path: path, commit: commit, problem: "'variables' must be an object")
            }
            for (name, value) in dictionary {
                variables[name] = try reader.text(value, at: "variables.\(name)")
            }
        }
        let includes = try reader.array(root["includes"], at: "includes").enumerated().map { index, value throws(PolicyError) in
            try reader.text(value, at: "includes[\(index)]")
        }
        let repos = try reader.array(root["repos"], at: "repos").enumerated().map { index, value throws(PolicyError) in
            try reader.repo(value, at: "repos[\(index)]")
        }
        return ImageBuilderManifest(registry: try root["registry"].map { value throws(PolicyError) in try reader.text(value, at: "registry") },
                                    variables: variables, includes: includes, repos: repos)
    }

    /// The root manifest with an included one merged in: its repos' images join the root repo with the
    /// same `id` (or `name`), unknown repos are added, and its variables fill in undefined names.
    public func merging(_ include: ImageBuilderManifest) -> ImageBuilderManifest {
        var merged = self
        for (name, value) in include.variables where merged.variables[name] == nil {
            merged.variables[name] = value
        }
        for repo in include.repos {
            if let index = merged.repos.firstIndex(where: { existing in
                (repo.id != nil && existing.id == repo.id) || (repo.name != nil && existing.name == repo.name)
            }) {
                merged.repos[index].images += repo.images
                if merged.repos[index].name == nil { merged.repos[index].name = repo.name }
            } else {
                merged.repos.append(repo)
            }
        }
        return merged
    }

    /// `registry/name` of each repo, after substitution, for matching the policy's repository.
    public func fullName(of repo: Repo) -> String? {
        guard let name = repo.name, case .tag(let resolvedName) = substitute(name) else { return nil }
        guard let registry, case .tag(let resolvedRegistry) = substitute(registry) else { return resolvedName }
        return "\(resolvedRegistry)/\(resolvedName)"
    }

    /// The tags the repo named `repository` defines, with their platform (shared tags have no
    /// architecture), and the templates that could not be resolved. `isLocal` and per-build tags are left out.
    public func tags(of repository: String) -> (tags: [String: TagPlatform], problems: [String]) {
        var tags: [String: TagPlatform] = [:]
        var problems: [String] = []
        for repo in repos where matches(repo, repository) {
            for image in repo.images {
                func record(_ tag: Tag, _ platform: TagPlatform) {
                    guard !tag.isLocal else { return }
                    switch substitute(tag.template) {
                    case .tag(let value):
                        guard ImageReference.parse("example/image:\(value)").isValid else {
                            problems.append("'\(tag.template)' gives '\(value)', which is not a valid tag")
                            return
                        }
                        if let existing = tags[value], existing != platform, platform.architecture == nil {
                            return // a platform tag already describes it more precisely
                        }
                        tags[value] = platform
                    case .perBuild:
                        break
                    case .invalid(let problem):
                        problems.append(problem)
                    }
                }
                for platform in image.platforms {
                    let described = TagPlatform(os: platform.os, osVersion: platform.osVersion,
                                                architecture: platform.architecture ?? "amd64",
                                                dockerfile: platform.dockerfile)
                    platform.tags.forEach { record($0, described) }
                }
                let shared = TagPlatform(os: image.platforms.first?.os, osVersion: image.platforms.first?.osVersion,
                                         architecture: nil, dockerfile: nil)
                image.sharedTags.forEach { record($0, shared) }
            }
        }
        return (tags, problems)
    }

    private func matches(_ repo: Repo, _ repository: String) -> Bool {
        guard let full = fullName(of: repo) else { return false }
        if full == repository { return true }
        // Without a registry in the manifest, the repository's path alone identifies the repo.
        return registry == nil && repository.hasSuffix("/" + full)
    }

    /// Replaces `$(name)` with manifest variables (recursively) and `$(Repo:id)` with repo names.
    public func substitute(_ template: String, depth: Int = 0) -> TagResolution {
        guard depth < 8 else { return .invalid("'\(template)': variables nest too deeply (a cycle?)") }
        var result = ""
        var rest = Substring(template)
        while let start = rest.range(of: "$(") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: ")") else {
                return .invalid("'\(template)': '$(' without ')'")
            }
            let name = String(rest[start.upperBound..<end])
            rest = rest[rest.index(after: end)...]
            if name.hasPrefix("System:") { return .perBuild }
            if name.hasPrefix("Repo:") {
                let id = String(name.dropFirst("Repo:".count))
                guard let repoName = repos.first(where: { $0.id == id })?.name else {
                    return .invalid("'\(template)': no repo with id '\(id)'")
                }
                result += repoName
                continue
            }
            guard let value = variables[name] else {
                return .invalid("'\(template)': variable '\(name)' is not defined in the manifest")
            }
            switch substitute(value, depth: depth + 1) {
            case .tag(let resolved): result += resolved
            case .perBuild: return .perBuild
            case .invalid(let problem): return .invalid(problem)
            }
        }
        result += rest
        if depth == 0, result.contains(where: { $0 == "$" || $0 == "(" || $0 == ")" }) {
            return .invalid("'\(template)': unbalanced variable syntax")
        }
        return .tag(result)
    }
}

/// Typed access to `JSONSerialization` output with manifest-located errors.
private struct JSONReader {
    let path: String
    let commit: String?

    func fail(_ problem: String) -> PolicyError {
        .invalidManifest(path: path, commit: commit, problem: problem)
    }

    func text(_ value: Any, at location: String) throws(PolicyError) -> String {
        guard let text = value as? String else { throw fail("'\(location)' must be a string") }
        return text
    }

    func array(_ value: Any?, at location: String) throws(PolicyError) -> [Any] {
        guard let value else { return [] }
        guard let array = value as? [Any] else { throw fail("'\(location)' must be an array") }
        return array
    }

    func object(_ value: Any, at location: String) throws(PolicyError) -> [String: Any] {
        guard let object = value as? [String: Any] else { throw fail("'\(location)' must be an object") }
        return object
    }

    func optionalText(_ value: Any?, at location: String) throws(PolicyError) -> String? {
        guard let value else { return nil }
        return try text(value, at: location)
    }

    func tags(_ value: Any?, at location: String) throws(PolicyError) -> [ImageBuilderManifest.Tag] {
        guard let value else { return [] }
        let dictionary = try object(value, at: location)
        return dictionary.keys.sorted().map { key in
            let metadata = dictionary[key] as? [String: Any]
            return ImageBuilderManifest.Tag(template: key, isLocal: metadata?["isLocal"] as? Bool ?? false)
        }
    }

    func repo(_ value: Any, at location: String) throws(PolicyError) -> ImageBuilderManifest.Repo {
        let repo = try object(value, at: location)
        let images = try array(repo["images"], at: "\(location).images").enumerated().map { index, image throws(PolicyError) in
            try self.image(image, at: "\(location).images[\(index)]")
        }
        return ImageBuilderManifest.Repo(id: try optionalText(repo["id"], at: "\(location).id"),
                                         name: try optionalText(repo["name"], at: "\(location).name"),
                                         images: images)
    }

    func image(_ value: Any, at location: String) throws(PolicyError) -> ImageBuilderManifest.Image {
        let image = try object(value, at: location)
        let platforms = try array(image["platforms"], at: "\(location).platforms").enumerated().map { index, platform throws(PolicyError) in
            let at = "\(location).platforms[\(index)]"
            let fields = try object(platform, at: at)
            return ImageBuilderManifest.Platform(
                dockerfile: try optionalText(fields["dockerfile"], at: "\(at).dockerfile"),
                os: try optionalText(fields["os"], at: "\(at).os"),
                osVersion: try optionalText(fields["osVersion"], at: "\(at).osVersion"),
                architecture: try optionalText(fields["architecture"], at: "\(at).architecture"),
                tags: try tags(fields["tags"], at: "\(at).tags"))
        }
        return ImageBuilderManifest.Image(sharedTags: try tags(image["sharedTags"], at: "\(location).sharedTags"),
                                          platforms: platforms)
    }
}
