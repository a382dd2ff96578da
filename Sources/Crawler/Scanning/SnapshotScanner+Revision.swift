import Extraction
import Foundation
import Git

extension SnapshotScanner {
    /// Scans `revision` of a repository the user named (`census scan PATH --rev REV`). Errors speak
    /// of that repository, never of mirrors: no such folder, not a git repository, damaged files, or
    /// objects it lacks (a shallow, partial or damaged clone).
    public func scan(revision: String, ofRepositoryAt path: String) throws -> SnapshotScan {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CrawlerError.pathNotFound(path)
        }
        GitLibrary.initialize()
        let repository: Repository
        do {
            repository = try Repository.open(at: path)
        } catch GitError.repositoryNotFound {
            throw CrawlerError.notARepository(path: path, listedAt: nil)
        } catch GitError.corrupt(_, let problem) {
            throw CrawlerError.damagedRepository(path: path, problem: problem)
        }
        do {
            let commit = try repository.commitInfo(try repository.resolveCommit(revision))
            return try scan(GitTreeSource(repository: repository, tree: commit.tree))
        } catch GitError.notFound(let what) where what.hasPrefix("object ") {
            throw GitError.incompleteRepository(path: path, missing: what, because: repository.incompleteness)
        } catch GitError.corrupt(_, let problem) {
            throw CrawlerError.damagedRepository(path: path, problem: problem)
        }
    }
}
