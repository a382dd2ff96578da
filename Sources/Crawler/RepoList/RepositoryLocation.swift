import Foundation
import Git

/// How a repository's URL or path is shown, compared and stored: never with credentials.
public enum RepositoryLocation {
    /// The location with any userinfo replaced, safe for logs, reports and the database.
    public static func redact(_ location: String) -> String {
        URLRedaction.redact(location)
    }

    /// A comparable identity: credentials, a trailing `/` or `.git` and the host's case do not matter,
    /// and every spelling of one folder on this machine (`file://` URL, `.` and `..` components, a
    /// relative path, a symbolic link to it) is that folder's real path.
    static func identity(of location: String) -> String {
        var text = localPath(of: location).map(canonicalPath) ?? URLRedaction.redact(location)
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix(".git") { text.removeLast(4) }
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            text = text[..<scheme.upperBound].lowercased() + rest[..<hostEnd].lowercased() + rest[hostEnd...]
        }
        return text
    }

    /// The folder a location names on this machine: a path (as `RepoList` reads one) or a
    /// `file://` URL; nil for network URLs.
    public static func localPath(of location: String) -> String? {
        if location.lowercased().hasPrefix("file://") {
            guard let url = URL(string: location), url.isFileURL, url.host == nil || url.host == "" || url.host == "localhost"
            else { return nil }
            return url.path
        }
        return location.hasPrefix("/") || RepoList.isRelativePath(location) ? location : nil
    }

    /// An absolute path without `.`/`..` components, with symbolic links resolved when it exists
    /// (a relative path is taken from the current folder, as git would).
    private static func canonicalPath(_ path: String) -> String {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let resolved = realpath(standardized, nil) else { return standardized }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
