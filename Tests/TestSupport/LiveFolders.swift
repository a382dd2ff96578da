import Foundation

/// Folders not deleted yet, by path.
final class LiveFolders: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []

    func insert(_ path: String) { _ = lock.withLock { paths.insert(path) } }

    func remove(_ path: String) { _ = lock.withLock { paths.remove(path) } }

    /// Deletes every folder still listed, with everything in it.
    func removeAll() {
        let all = lock.withLock {
            defer { paths = [] }
            return paths
        }
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
