/// Which current references to list. `nil` fields do not filter.
///
/// Globs are SQLite `GLOB` patterns: `*` any run of characters (including `/`), `?` one character,
/// `[…]` a set; matching is case-sensitive.
public struct ReferenceFilter: Sendable, Hashable {
    /// Exact repository display name.
    public var repository: String?
    /// Glob over branch names.
    public var branch: String?
    /// Glob matching either the normalized image or the image as resolved (`ubuntu:*` finds
    /// `ubuntu:22.04`, normalized `docker.io/library/ubuntu:22.04`).
    public var image: String?
    /// Exact team name.
    public var team: String?

    /// A filter; the default lists every current reference.
    public init(repository: String? = nil, branch: String? = nil, image: String? = nil, team: String? = nil) {
        self.repository = repository
        self.branch = branch
        self.image = image
        self.team = team
    }

    /// No filtering.
    public static let all = ReferenceFilter()
}
