import Extraction

/// What can go wrong while configuring or running a crawl, with the context a user needs to act.
public enum CrawlerError: Error, CustomStringConvertible, Equatable {
    case repoListUnreadable(path: String)
    case repoListLine(file: String, line: Int, message: String)
    case repoListEmpty(path: String)
    case noMatchingBranches(repository: String, patterns: [String], available: Int)
    case noDefaultBranch(repository: String)
    case pathNotFound(String)
    case notARepository(path: String, message: String)
    /// Another process (or crawl) kept the mirror locked for longer than this one would wait.
    case mirrorBusy(mirror: String, holder: String, waitedSeconds: Int)
    /// The mirror's lock file could not be created or locked.
    case mirrorLockFailed(path: String, message: String)

    public var description: String {
        switch self {
        case .repoListUnreadable(let path):
            "cannot read repository list \(path)"
        case .repoListLine(let file, let line, let message):
            "\(file):\(line): \(message)"
        case .repoListEmpty(let path):
            "\(path) lists no repositories"
        case .noMatchingBranches(let repository, let patterns, let available):
            "\(repository): no branch matches \(patterns.joined(separator: ",")) among the remote's \(available.counted("branch"))"
        case .noDefaultBranch(let repository):
            "\(repository): the remote has no default branch (HEAD); list branches= explicitly"
        case .pathNotFound(let path):
            "\(path): no such file or directory"
        case .notARepository(let path, let message):
            "\(path): not a git repository (\(message))"
        case .mirrorBusy(let mirror, let holder, let waitedSeconds):
            "mirror '\(mirror)' is in use by \(holder); gave up after waiting \(waitedSeconds) s. Another crawl "
                + "is using the same --cache: let it finish, or give each crawl its own --cache"
        case .mirrorLockFailed(let path, let message):
            "cannot lock the mirror through '\(path)' (\(message)): check that the --cache folder is writable"
        }
    }
}
