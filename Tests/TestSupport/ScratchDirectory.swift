import Foundation

/// A fresh temporary folder for one test, deleted with everything in it when released, and at the
/// latest when the test process exits.
///
/// XCTest keeps every test case object alive until the whole run ends, so a folder held by a test
/// case's property is never released during the run, and Swift runs no `deinit` at process exit:
/// without the exit hook each such folder stayed in the temporary directory for good.
public final class ScratchDirectory {
    /// Absolute path of the folder (symlinks resolved, so it compares equal to paths git reports).
    public let path: String

    /// Creates an empty folder under the system temporary directory.
    public init(prefix: String = "census-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.resolvingSymlinksInPath().path
        Self.live.insert(path)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
        Self.live.remove(path)
    }

    /// Deletes every folder not released yet. Runs when the test process exits.
    public static func removeRemaining() {
        for path in live.takeAll() { try? FileManager.default.removeItem(atPath: path) }
    }

    private static let live = LiveFolders()

    /// The paths of the folders not deleted yet; the first one created installs the exit hook.
    private final class LiveFolders: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: Set<String> = []
        private var hooked = false

        func insert(_ path: String) {
            lock.withLock {
                paths.insert(path)
                if !hooked {
                    hooked = true
                    atexit { ScratchDirectory.removeRemaining() }
                }
            }
        }

        func remove(_ path: String) { _ = lock.withLock { paths.remove(path) } }

        func takeAll() -> Set<String> {
            lock.withLock {
                defer { paths = [] }
                return paths
            }
        }
    }

    /// The absolute path of `relative` inside the folder.
    public func path(_ relative: String) -> String {
        (path as NSString).appendingPathComponent(relative)
    }

    /// Writes a file (creating parent folders) and returns its absolute path.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String {
        let target = path(relative)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }
}
