import Foundation
import Git

/// The one repository handle a scan thread keeps open: the jobs of one repository that run one after
/// another on the same thread (its whole scan, then groups of differential scans) share it, and with it
/// libgit2's cache of the objects it has read. The differences of a release branch from its base read
/// the base's trees along the changed paths; with a handle per job every group read them again.
///
/// A handle is only ever used on the thread that opened it (libgit2 handles are never shared across
/// threads) and is kept for one `Generation` of one repository: a mirror that was re-created gets a new
/// handle. A thread keeps the handles of the last `keptPerThread` repositories it scanned, since the
/// scan pool's threads take turns at the repositories in progress; the oldest goes when another is
/// opened, and the rest are released with the thread (the crawl's scan pool).
enum ScanThreadRepository {
    /// Handles one thread keeps open at most.
    static let keptPerThread = 4

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

    /// What a thread keeps: its handles, least recently used first, each with what it was opened for.
    /// One object per thread, stored once in its thread dictionary and changed in place (storing a
    /// Swift array there would bridge it at every scan).
    private final class Kept {
        var handles: [(path: String, generation: Generation, repository: Repository)] = []
    }

    private static let key = "census.scan-thread-repository"

    /// The calling thread's handle on the repository at `path` for `generation`, opened (and kept, in
    /// place of the least recently used one when the thread already keeps `keptPerThread`) when it
    /// holds none for them. A failed open is not kept.
    static func repository(at path: String, generation: Generation) throws -> Repository {
        let storage = Thread.current.threadDictionary
        let kept: Kept
        if let found = storage[key] as? Kept {
            kept = found
        } else {
            kept = Kept()
            storage[key] = kept
        }
        if let index = kept.handles.firstIndex(where: { $0.generation == generation && $0.path == path }) {
            let found = kept.handles.remove(at: index)
            kept.handles.append(found)
            return found.repository
        }
        if kept.handles.count >= keptPerThread { kept.handles.removeFirst(kept.handles.count - keptPerThread + 1) }
        let repository = try Repository.open(at: path)
        kept.handles.append((path, generation, repository))
        return repository
    }

    /// Lets the calling thread's handles go, if it holds any.
    static func release() {
        Thread.current.threadDictionary.removeObject(forKey: key)
    }
}
