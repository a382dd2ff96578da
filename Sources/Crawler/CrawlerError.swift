/// What can go wrong while configuring or running a crawl, with the context a user needs to act.
public enum CrawlerError: Error, CustomStringConvertible, Equatable {
    case repoListUnreadable(path: String)
    case repoListLine(file: String, line: Int, message: String)
    case repoListEmpty(path: String)
    case noMatchingBranches(repository: String, patterns: [String], available: Int)
    case noDefaultBranch(repository: String)
    case pathNotFound(String)
    case notARepository(path: String, message: String)

    public var description: String {
        switch self {
        case .repoListUnreadable(let path):
            "cannot read repository list \(path)"
        case .repoListLine(let file, let line, let message):
            "\(file):\(line): \(message)"
        case .repoListEmpty(let path):
            "\(path) lists no repositories"
        case .noMatchingBranches(let repository, let patterns, let available):
            "\(repository): no branch matches \(patterns.joined(separator: ",")) among the remote's \(available) branches"
        case .noDefaultBranch(let repository):
            "\(repository): the remote has no default branch (HEAD); list branches= explicitly"
        case .pathNotFound(let path):
            "\(path): no such file or directory"
        case .notARepository(let path, let message):
            "\(path): not a git repository (\(message))"
        }
    }
}
