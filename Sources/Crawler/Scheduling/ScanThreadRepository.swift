import Foundation
import Git

/// The one repository handle a scan thread keeps open: the jobs of one repository that run one after
/// another on the same thread share it, and with it libgit2's cache of the objects it has read. A
/// repository's whole scan reads through it, and its differential scans read the base's side of each
/// comparison through it (`Repository.changes(from:in:to:)`): the differences of a release branch
/// from its base read the base's trees along the changed paths, and with a handle per job every group
/// read them again. Only the base's trees go through it, so its cache does not grow with every branch.
///
/// A handle is only ever used on the thread that opened it (libgit2 handles are never shared across
/// threads) and is kept for one `Generation` of one repository: a thread that moves on to another
/// repository, or to a mirror that was re-created, opens a new handle and lets the old one go. The
/// handle a thread holds last is released with the thread (the crawl's scan pool).
enum ScanThreadRepository {
    /// Which opening of a repository a handle may serve: one value per mirror made ready in a crawl, so
    /// a mirror re-created at the same path is never read through a handle opened before.
    struct Generation: Hashable, Sendable {
        let value: UInt64

        private static let lock = NSLock()
        nonisolated(unsafe) private static var last: UInt64 = 0

        /// A generation no other call returned in this process.
        static func next() -> Generation {
            lock.withLock {
                last += 1
                return Generation(value: last)
            }
        }
    }

    /// What a thread keeps: the handle and what it was opened for.
    private final class Kept {
        let path: String
        let generation: Generation
        let repository: Repository

        init(path: String, generation: Generation, repository: Repository) {
            self.path = path
            self.generation = generation
            self.repository = repository
        }
    }

    private static let key = "census.scan-thread-repository"

    /// The calling thread's handle on the repository at `path` for `generation`, opened (and kept,
    /// replacing the one it held) when it holds none for them. A failed open is not kept.
    static func repository(at path: String, generation: Generation) throws -> Repository {
        let storage = Thread.current.threadDictionary
        if let kept = storage[key] as? Kept, kept.generation == generation, kept.path == path {
            return kept.repository
        }
        // The previous handle goes first: a thread never holds two.
        storage.removeObject(forKey: key)
        let repository = try Repository.open(at: path)
        storage[key] = Kept(path: path, generation: generation, repository: repository)
        return repository
    }

    /// Lets the calling thread's handle go, if it holds one.
    static func release() {
        Thread.current.threadDictionary.removeObject(forKey: key)
    }
}
