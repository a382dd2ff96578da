import Foundation
import Git
import Inventory

extension FleetCrawler {
    /// A repository on this machine (a path or `file://` URL, bare or with a work tree), read where it
    /// is: its branches are read from its own references (`refs/heads/*`, HEAD for the default
    /// branch) and every scan opens it read-only. Nothing is copied and nothing is written into it —
    /// no mirror, no lock file — so it costs no disk and only the memory of reading the tracked tips'
    /// trees. A tip whose commit the inventory already stores is not read at all.
    func readInPlace(_ spec: RepositorySpec, at folder: String, repositoryID: Int64) throws -> ReadyMirror {
        let repository = try Repository.open(at: folder)
        let branches = try repository.localBranches()
        // A detached or dangling HEAD has no default branch; globs in repos.txt still choose branches.
        let defaultBranch = (try? repository.headBranch()).flatMap { $0 }.flatMap { branches[$0] == nil ? nil : $0 }
        let selected = spec.selectBranches(from: branches.keys, defaultBranch: defaultBranch).sorted()
        if selected.isEmpty {
            if spec.branches.isEmpty { throw CrawlerError.noDefaultBranch(repository: spec.name) }
            throw CrawlerError.noMatchingBranches(repository: spec.name, patterns: spec.branches.map(\.text),
                                                  available: branches.count)
        }
        let tips = branches.filter { selected.contains($0.key) }
        let stored = try database.storedCommitScans(repository: repositoryID, commits: selected.compactMap { tips[$0]?.hex })
        return ReadyMirror(repositoryID: repositoryID, path: folder, branches: selected, tips: tips, fetchSkipped: true,
                           stored: stored, previousTips: try database.lastRunBranchTips(repositoryID: repositoryID),
                           lock: nil)
    }

    /// An object missing from a repository read in place is the user's to restore, never census's
    /// to repair: said as such, naming why when git knows (a shallow or partial clone).
    static func blamingRepository(_ error: any Error, at path: String, _ repository: Repository?) -> any Error {
        guard let error = error as? GitError else { return error }
        switch error {
        case .notFound(let what) where what.hasPrefix("object "):
            return GitError.incompleteRepository(path: path, missing: what, because: repository?.incompleteness)
        case .corrupt(_, let problem):
            return CrawlerError.damagedRepository(path: path, problem: problem)
        default:
            return error
        }
    }
}
