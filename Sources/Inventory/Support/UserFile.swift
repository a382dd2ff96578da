import Foundation

/// Reads a file a user names (repos.txt, policy.yml, a cleanup plan), saying in the user's words why
/// it cannot be read: `no such file`, `it is a folder, not a file`, or the system's words for the
/// error (`permission denied`). Devices and pipes are read like files (`--policy /dev/null`).
public enum UserFile {
    /// Why a file could not be read, in the user's words.
    public struct Unreadable: Error, Equatable {
        /// "no such file", "it is a folder, not a file", "permission denied", …
        public var reason: String
    }

    /// The bytes of the file at `path`.
    public static func read(_ path: String) throws(Unreadable) -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw Unreadable(reason: "no such file")
        }
        if isFolder.boolValue { throw Unreadable(reason: "it is a folder, not a file") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Unreadable(reason: systemReason(errno)) }
        let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            return try file.readToEnd() ?? Data()
        } catch {
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
            throw Unreadable(reason: code.map { systemReason(Int32($0)) } ?? "the file could not be read")
        }
    }

    /// The operating system's words for `code`, lowercased as the rest of the message ("permission denied").
    private static func systemReason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
