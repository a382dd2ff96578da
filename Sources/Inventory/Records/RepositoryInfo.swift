/// A repository as `repos.txt` describes it.
public struct RepositoryInfo: Sendable, Hashable, Codable {
    /// The display name, unique in the inventory (`owner/repo` by default).
    public var name: String
    /// Where it is fetched from, without credentials (`RepositoryURL.redacted` is applied again on store).
    public var url: String
    /// The owning team, when known.
    public var team: String?
    /// How to reach the team, when known.
    public var contact: String?

    /// A repository description with every field given.
    public init(name: String, url: String, team: String? = nil, contact: String? = nil) {
        self.name = name
        self.url = url
        self.team = team
        self.contact = contact
    }
}
