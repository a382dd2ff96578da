import Foundation

/// A user name and password for a registry, from the environment.
///
/// `CENSUS_REGISTRY_<HOST>_USER` / `_PASSWORD` for one host (the host and port upper-cased, every other
/// character `_`: `CENSUS_REGISTRY_REGISTRY_EXAMPLE_COM_USER`, `CENSUS_REGISTRY_127_0_0_1_5000_USER`), else
/// `CENSUS_REGISTRY_USER` / `CENSUS_REGISTRY_PASSWORD` for every registry. The password is a secret:
/// it never appears in descriptions, messages or stored data.
public struct RegistryCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name.
    public var username: String
    /// The password or token.
    public var password: String
    /// Where the credentials came from (an environment variable name), for messages.
    public var origin: String

    /// Credentials given in code.
    public init(username: String, password: String, origin: String = "configuration") {
        self.username = username
        self.password = password
        self.origin = origin
    }

    /// The variable-name fragment for `host` (`127.0.0.1:5000` → `127_0_0_1_5000`).
    public static func environmentKey(for host: String) -> String {
        String(host.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// The credentials for `host` in `environment`, or `nil` when none are set.
    public static func fromEnvironment(host: String,
                                       environment: [String: String] = ProcessInfo.processInfo.environment) -> RegistryCredentials? {
        let specific = "CENSUS_REGISTRY_\(environmentKey(for: host))"
        for prefix in [specific, "CENSUS_REGISTRY"] {
            if let user = environment["\(prefix)_USER"], !user.isEmpty, let password = environment["\(prefix)_PASSWORD"] {
                return RegistryCredentials(username: user, password: password, origin: "\(prefix)_USER")
            }
        }
        return nil
    }

    /// The value of a `Basic` authorization header.
    var basicAuthorization: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    /// Names the user and where the credentials came from, never the password.
    public var description: String { "user '\(username)' (from \(origin))" }
}
