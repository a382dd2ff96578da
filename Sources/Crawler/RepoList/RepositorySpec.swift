/// One line of repos.txt: a repository to crawl and who owns it.
public struct RepositorySpec: Sendable, Hashable {
    /// The URL or path as written (may carry credentials; print only `displayURL`).
    public var url: String
    /// Globs choosing branches; empty means the remote's default branch.
    public var branches: [BranchPattern]
    public var team: String?
    public var contact: String?
    /// `owner/repo` from the URL, the folder name for a path, or `name=`.
    public var name: String
    /// Where the line stands, for messages.
    public var source: String
    public var line: Int

    public init(url: String, branches: [BranchPattern] = [], team: String? = nil, contact: String? = nil,
                name: String, source: String = "repos.txt", line: Int = 0) {
        self.url = url
        self.branches = branches
        self.team = team
        self.contact = contact
        self.name = name
        self.source = source
        self.line = line
    }

    /// The branches to crawl among the remote's, in name order.
    public func selectBranches(from available: some Sequence<String>, defaultBranch: String?) -> [String] {
        if branches.isEmpty {
            return defaultBranch.map { [$0] } ?? []
        }
        return available.filter { name in branches.contains { $0.matches(name) } }.sorted()
    }
}
