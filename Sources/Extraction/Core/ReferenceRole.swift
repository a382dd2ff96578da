/// What a usage does with the image it names. Only a pull brings someone else's image into a build;
/// the policy's pull rules judge pulls, a local build is listed but never judged or counted as an
/// unresolved pull, a build frontend (`# syntax=`) is judged by the frontends the policy allows, and a
/// download is no image at all.
public enum ReferenceRole: String, Sendable, Codable, CaseIterable {
    /// The image is pulled and run or built upon (`FROM`, a job container, a Compose `image:`).
    case pull
    /// The image is built here, from a Dockerfile of the repository (`compose/build`, `devcontainer/build`,
    /// `github-actions/action-dockerfile`), or is the name given to such a build (`compose/build-tag`).
    case localBuild = "local-build"
    /// The image is the BuildKit frontend that parses a Dockerfile (`# syntax=docker/dockerfile:1.7`).
    case frontend
    /// Not an image: a file a Dockerfile downloads without checking it (`dockerfile/download`,
    /// `dockerfile/download-to-shell`); `image` holds its URL, judged only by `unverified-download`.
    case download

    /// The role of a usage of `kind` (`<source>/<what>`): a `what` of `build`, `build-tag` or
    /// `action-dockerfile` is a local build, `dockerfile/syntax` the frontend, anything else a pull.
    public init(kind: String) {
        if kind == "dockerfile/syntax" {
            self = .frontend
            return
        }
        if Self.isDownload(kind) {
            self = .download
            return
        }
        self = Self.localBuildKinds.contains(Self.what(of: kind)) ? .localBuild : .pull
    }

    /// The last `/`-separated part of `kind`, as `split(separator: "/").last` reads it; an ASCII kind not
    /// ending in `/` (every kind the extractors write) is not split.
    static func what(of kind: String) -> String {
        let utf8 = kind.utf8
        if let last = utf8.last, last != UInt8(ascii: "/"), !utf8.contains(where: { $0 >= 0x80 }) {
            guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return kind }
            return String(kind[utf8.index(after: slash)...])
        }
        return kind.split(separator: "/").last.map(String.init) ?? ""
    }

    /// The `what` parts of kinds that record a local build.
    static let localBuildKinds: Set<String> = ["build", "build-tag", "action-dockerfile"]
    /// The kinds that record a download rather than an image.
    public static let downloadKinds: Set<String> = ["dockerfile/download", "dockerfile/download-to-shell"]

    /// Whether a usage of `kind` is a download (`ReferenceRole(kind:) == .download`), without working
    /// out the other roles: asked for every reference a scan makes.
    static func isDownload(_ kind: String) -> Bool {
        downloadKinds.contains(kind)
    }

    /// Whether the usage brings in an image from a registry (a pull or a frontend), so it counts as an image.
    public var bringsInImage: Bool { self == .pull || self == .frontend }
}

extension Reference {
    /// What the usage does with its image (see `ReferenceRole`).
    public var role: ReferenceRole { ReferenceRole(kind: kind) }
}
