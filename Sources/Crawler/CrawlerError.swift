import Extraction

/// What can go wrong while configuring or running a crawl, with the context a user needs to act.
public enum CrawlerError: Error, CustomStringConvertible, Equatable {
    /// The repository list cannot be read; `reason` says why (no such file, a folder, permission denied).
    case repoListUnreadable(path: String, reason: String)
    case repoListLine(file: String, line: Int, message: String)
    case repoListEmpty(path: String)
    case noMatchingBranches(repository: String, patterns: [String], available: Int)
    case noDefaultBranch(repository: String)
    case pathNotFound(String)
    /// A folder holds no git repository; `listedAt` names the line of the repository list that gave it.
    case notARepository(path: String, listedAt: String?)
    /// A repository the user named has files git cannot read.
    case damagedRepository(path: String, problem: String)
    /// A local path of the repository list names no folder.
    case localRepositoryMissing(path: String, listedAt: String)
    /// Another process (or crawl) kept the mirror locked for longer than this one would wait.
    case mirrorBusy(mirror: String, holder: String, waitedSeconds: Int)
    /// The mirror's lock file could not be created or locked.
    case mirrorLockFailed(path: String, message: String)
    /// The demo fleet's files (package resources) are missing or malformed.
    case demoFleetUnreadable(path: String, reason: String)
    /// `census demo` was pointed at a folder whose database it did not build, which it would replace.
    case demoFolderInUse(database: String)

    public var description: String {
        switch self {
        case .repoListUnreadable(let path, let reason):
            "cannot read repository list \(path): \(reason)"
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
        case .notARepository(let path, let listedAt?):
            "\(listedAt): \(path) is a folder but not a git repository: fix the path there"
        case .notARepository(let path, nil):
            "\(path) is not a git repository: --rev reads a revision of one (without --rev, the folder's files are scanned)"
        case .damagedRepository(let path, let problem):
            "the git repository at \(path) cannot be read (\(problem)): run `git -C \(path) fsck` to see what is damaged"
        case .localRepositoryMissing(let path, let listedAt):
            "\(listedAt): no such folder \(path): fix the path there, or remove the line"
        case .mirrorBusy(let mirror, let holder, let waitedSeconds):
            "mirror '\(mirror)' is in use by \(holder); gave up after waiting \(waitedSeconds) s. Another crawl "
                + "is using the same --cache: let it finish, or give each crawl its own --cache"
        case .mirrorLockFailed(let path, let message):
            "cannot lock the mirror through '\(path)' (\(message)): check that the --cache folder is writable"
        case .demoFleetUnreadable(let path, let reason):
            "the demo fleet's \(path) \(reason)"
        case .demoFolderInUse(let database):
            "\(database) was not built by census demo, which starts its database afresh: give the demo a folder of its own (--dir)"
        }
    }
}
