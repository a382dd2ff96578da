/// A CODEOWNERS file as found in a scanned commit.
public struct CodeownersFile: Sendable, Hashable, Codable {
    /// Where CODEOWNERS files may lie, in order of precedence: GitHub's three places (GitHub uses the
    /// first it finds), then GitLab's own folder.
    public static let locations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"]

    /// Where it lies in the tree: `CODEOWNERS`, `.github/CODEOWNERS`, `docs/CODEOWNERS` or `.gitlab/CODEOWNERS`.
    public var path: String
    /// Its text (decoded leniently from the blob).
    public var content: String

    /// A CODEOWNERS file with every field given.
    public init(path: String, content: String) {
        self.path = path
        self.content = content
    }
}
