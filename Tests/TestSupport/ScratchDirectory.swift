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

    /// The list that deletes the folder at exit if it is still there.
    private let live: LiveFolders

    /// Creates an empty folder under the system temporary directory.
    public convenience init(prefix: String = "census-test") throws {
        try self.init(prefix: prefix, listedIn: Self.process)
    }

    /// Creates an empty folder listed in `live` until it is deleted.
    init(prefix: String, listedIn live: LiveFolders) throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.resolvingSymlinksInPath().path
        self.live = live
        live.insert(path)
    }

    deinit {
        // One that cannot go yet (a file system still mounted inside it until a teardown block
        // unmounts it) stays listed and goes at exit.
        if (try? FileManager.default.removeItem(atPath: path)) != nil { live.remove(path) }
    }

    /// The folders of this process not deleted yet, deleted when it exits.
    private static let process: LiveFolders = {
        atexit { ScratchDirectory.process.removeAll() }
        return LiveFolders()
    }()

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
