import Foundation

/// What the crawler presents when a remote asks who it is: an HTTPS token, or nothing.
///
/// The token is sent only over `https://` and only once per operation, as the password of a
/// username/password pair (GitHub and Azure DevOps accept any username with a token password).
/// It never appears in `description`, `debugDescription` or `dump` output.
public struct Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The environment variable `fromEnvironment()` reads the token from.
    public static let tokenVariable = "CENSUS_GIT_TOKEN"

    /// Anonymous access.
    public static let anonymous = Credentials(token: nil)

    /// The HTTPS token (a personal access token or an installation token), if any.
    public var token: String?
    /// The username sent with the token.
    public var username: String

    /// Credentials with an optional token; an empty token counts as none.
    public init(token: String?, username: String = "x-access-token") {
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.username = username
    }

    /// Credentials from `CENSUS_GIT_TOKEN` in the given environment (the process's by default).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Credentials {
        Credentials(token: environment[tokenVariable])
    }

    /// Strings that must never be printed.
    var secrets: [String] { token.map { [$0] } ?? [] }

    /// Says whether a token is present, never the token.
    public var description: String { token == nil ? "Credentials(anonymous)" : "Credentials(token: ***)" }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// Hides the token from `dump` and reflection.
    public var customMirror: Mirror {
        Mirror(self, children: ["token": token == nil ? "nil" : "***", "username": username])
    }
}
