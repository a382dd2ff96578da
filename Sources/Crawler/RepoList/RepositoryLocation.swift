import Foundation
import Git

/// How a repository's URL or path is shown, compared and stored: never with credentials.
public enum RepositoryLocation {
    /// The location with any userinfo replaced, safe for logs, reports and the database.
    public static func redact(_ location: String) -> String {
        URLRedaction.redact(location)
    }

    /// A comparable identity: credentials, a trailing `/` or `.git` and the host's case do not matter.
    static func identity(of location: String) -> String {
        var text = URLRedaction.redact(location)
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix(".git") { text.removeLast(4) }
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            text = text[..<scheme.upperBound].lowercased() + rest[..<hostEnd].lowercased() + rest[hostEnd...]
        }
        return text
    }
}
