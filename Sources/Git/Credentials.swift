import Foundation

/// What the crawler presents when a remote asks who it is, and to which hosts: HTTPS tokens, each
/// scoped to the hosts it was given for, and the hosts a remote may redirect to.
///
/// A token is offered only to a URL whose host (and port) it was given for, only over `https://`
/// (or plain HTTP to a loopback host, for local test servers), never to a URL that carries its own
/// user name or password, never after a redirect to another host, and only once per operation, as
/// the password of a username/password pair (GitHub and Azure DevOps accept any username with a
/// token password). No token ever appears in `description`, `debugDescription` or `dump` output.
/// docs/credentials.md describes the environment variables for users.
public struct Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The token for the hosts named in `tokenHostsVariable`.
    public static let tokenVariable = "CENSUS_GIT_TOKEN"
    /// The comma-separated hosts (`host` or `host:port`) `tokenVariable` is for.
    public static let tokenHostsVariable = "CENSUS_GIT_TOKEN_HOSTS"
    /// The comma-separated hosts a remote may redirect to; no token is ever sent there.
    public static let redirectHostsVariable = "CENSUS_GIT_ALLOW_REDIRECT_HOSTS"
    /// The prefix of the one-host variables (`CENSUS_GIT_TOKEN_github_com`).
    public static let perHostPrefix = "CENSUS_GIT_TOKEN_"

    /// Anonymous access.
    public static let anonymous = Credentials(tokens: [])

    /// The tokens, one-host tokens first; the first that applies to a URL is used.
    public var tokens: [HostToken]
    /// The username sent with a token.
    public var username: String
    /// Lowercased host names a remote may redirect to; the connection then goes on without a token.
    public var redirectHosts: Set<String>

    /// Credentials from scoped tokens and the hosts redirects may go to.
    public init(tokens: [HostToken], redirectHosts: [String] = [], username: String = "x-access-token") {
        self.tokens = tokens.filter { !$0.token.isEmpty }
        self.redirectHosts = Set(redirectHosts.map { $0.lowercased() })
        self.username = username
    }

    /// One token for `hosts`; a nil or empty token counts as none.
    public init(token: String?, hosts: [HostPattern], redirectHosts: [String] = [],
                username: String = "x-access-token") {
        let scoped = token.map { HostToken(token: $0, scope: .hosts(hosts), origin: Self.tokenVariable) }
        self.init(tokens: scoped.map { [$0] } ?? [], redirectHosts: redirectHosts, username: username)
    }

    /// Credentials from the environment (the process's by default): `CENSUS_GIT_TOKEN_<host>` for one
    /// host each, `CENSUS_GIT_TOKEN` for the hosts in `CENSUS_GIT_TOKEN_HOSTS`, and
    /// `CENSUS_GIT_ALLOW_REDIRECT_HOSTS`.
    ///
    /// A `CENSUS_GIT_TOKEN` without `CENSUS_GIT_TOKEN_HOSTS` is a configuration error rather than a
    /// token for every host, or for every host of repos.txt: either would hand the token to any host
    /// that a line of repos.txt (or a redirect) names, which is how tokens leak.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(GitError) -> Credentials {
        var tokens: [HostToken] = []
        for (name, value) in environment.sorted(by: { $0.key < $1.key })
        where name.hasPrefix(perHostPrefix) && name != tokenHostsVariable && !value.isEmpty {
            let key = String(name.dropFirst(perHostPrefix.count))
            guard !key.isEmpty else {
                throw .credentialsMisconfigured(variable: name, problem: "name the host after the underscore, e.g. \(perHostPrefix)github_com")
            }
            tokens.append(HostToken(token: value, scope: .variableKey(key.lowercased()), origin: name))
        }
        let hostsText = environment[tokenHostsVariable] ?? ""
        let hosts = try parseList(hostsText, variable: tokenHostsVariable, portsAllowed: true)
        if let token = environment[tokenVariable], !token.isEmpty {
            guard !hosts.isEmpty else {
                throw .credentialsMisconfigured(variable: tokenVariable, problem: """
                    it is set but \(tokenHostsVariable) is not, and census never sends a token to a host you did not \
                    name: set \(tokenHostsVariable) to the hosts it is for (e.g. \(tokenHostsVariable)=github.com), \
                    or use a one-host variable such as \(perHostPrefix)github_com
                    """)
            }
            tokens.append(HostToken(token: token, scope: .hosts(hosts), origin: tokenVariable))
        }
        let redirects = try parseList(environment[redirectHostsVariable] ?? "", variable: redirectHostsVariable,
                                      portsAllowed: false)
        return Credentials(tokens: tokens, redirectHosts: redirects.map(\.host))
    }

    /// The token that applies to `url`, or nil: none is given for its host and port, the URL carries
    /// its own credentials, or its scheme would send the token in clear text to another machine.
    public func token(for url: String) -> HostToken? {
        guard let endpoint = RemoteEndpoint(url: url), !endpoint.hasUserinfo, Self.mayCarryToken(endpoint) else {
            return nil
        }
        return tokens.first { $0.applies(to: endpoint) }
    }

    /// Whether a remote may redirect to `host` (compared without case).
    public func allowsRedirect(to host: String) -> Bool {
        redirectHosts.contains(host.lowercased())
    }

    /// Whether a token may travel to `endpoint`: HTTPS anywhere, plain HTTP only to a loopback host,
    /// whose traffic never leaves the machine (local test servers).
    static func mayCarryToken(_ endpoint: RemoteEndpoint) -> Bool {
        if endpoint.scheme == "https" { return true }
        guard endpoint.scheme == "http" else { return false }
        if endpoint.host == "localhost" || endpoint.host == "[::1]" { return true }
        let octets = endpoint.host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The `CENSUS_GIT_TOKEN_<key>` name for a host and optional port: lowercased, every character
    /// other than an ASCII letter or digit written `_` (`127.0.0.1:8080` → `CENSUS_GIT_TOKEN_127_0_0_1_8080`).
    public static func perHostVariable(host: String, port: Int? = nil) -> String {
        perHostPrefix + variableKey(host: host, port: port)
    }

    static func variableKey(host: String, port: Int?) -> String {
        let text = port.map { "\(host):\($0)" } ?? host
        return String(text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// Parses a comma-separated list of `host` or `host:port` entries; blanks between commas are skipped.
    static func parseList(_ text: String, variable: String, portsAllowed: Bool) throws(GitError) -> [HostPattern] {
        var patterns: [HostPattern] = []
        for entry in text.split(separator: ",") {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            guard let pattern = HostPattern(trimmed) else {
                throw .credentialsMisconfigured(variable: variable, problem: """
                    '\(trimmed)' is not a host name: write \(portsAllowed ? "host or host:port" : "a host") \
                    without scheme, user or path, e.g. github.com
                    """)
            }
            guard portsAllowed || pattern.port == nil else {
                throw .credentialsMisconfigured(variable: variable, problem: """
                    '\(trimmed)' has a port: redirects are allowed by host name only, write \(pattern.host)
                    """)
            }
            patterns.append(pattern)
        }
        return patterns
    }

    /// Every token, to be scrubbed from messages; never print these.
    public var secrets: [String] { tokens.map(\.token) }

    /// Names the hosts each token is for, never a token.
    public var description: String {
        guard !tokens.isEmpty else { return "Credentials(anonymous)" }
        return "Credentials(" + tokens.map { "\($0.origin): ***" }.joined(separator: ", ") + ")"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// Hides the tokens from `dump` and reflection.
    public var customMirror: Mirror {
        Mirror(self, children: ["tokens": tokens.map(\.description), "username": username,
                                "redirectHosts": redirectHosts.sorted()])
    }
}

/// A host name with an optional port, as written in `CENSUS_GIT_TOKEN_HOSTS`: `github.com`,
/// `git.example.com:8443`, `[::1]:8080`. The host is compared without case and exactly (no
/// wildcards, no subdomains); an entry without a port stands for the scheme's default port.
public struct HostPattern: Sendable, Hashable, CustomStringConvertible {
    /// The lowercased host.
    public var host: String
    /// The port, or nil for the scheme's default port.
    public var port: Int?

    /// Parses `host` or `host:port`; nil for anything with a scheme, user, path or bad port.
    public init?(_ text: String) {
        guard !text.isEmpty, !text.contains(where: { "/@?#".contains($0) || $0.isWhitespace }),
              let (host, port) = RemoteEndpoint.split(Substring(text)),
              host.hasPrefix("[") || !host.contains(":") else { return nil }
        self.host = host
        self.port = port
    }

    /// Whether this entry names `endpoint`'s host and the port it connects to.
    public func matches(_ endpoint: RemoteEndpoint) -> Bool {
        guard endpoint.host == host else { return false }
        let wanted = port ?? RemoteEndpoint.defaultPort(of: endpoint.scheme)
        return wanted != nil && wanted == endpoint.effectivePort
    }

    /// `host` or `host:port`.
    public var description: String { port.map { "\(host):\($0)" } ?? host }
}

/// One token and the hosts it may be sent to.
public struct HostToken: Sendable, CustomStringConvertible {
    /// Which hosts a token is for.
    public enum Scope: Sendable {
        /// The hosts listed in `CENSUS_GIT_TOKEN_HOSTS`.
        case hosts([HostPattern])
        /// The host (and port) a `CENSUS_GIT_TOKEN_<key>` variable names, as its lowercased key.
        case variableKey(String)
    }

    /// The secret.
    public var token: String
    /// Where it may go.
    public var scope: Scope
    /// The environment variable it came from, for messages.
    public var origin: String

    /// A token for `scope`, read from `origin`.
    public init(token: String, scope: Scope, origin: String) {
        self.token = token
        self.scope = scope
        self.origin = origin
    }

    /// Whether the token may be sent to `endpoint`. A one-host key without a port stands for the
    /// scheme's default port, like an entry of `CENSUS_GIT_TOKEN_HOSTS`.
    public func applies(to endpoint: RemoteEndpoint) -> Bool {
        switch scope {
        case .hosts(let patterns):
            return patterns.contains { $0.matches(endpoint) }
        case .variableKey(let key):
            // The key writes `.`, `-` and `_` alike: it stands only for hosts spelled with letters, digits
            // and dots, so `dev_azure_com` never reaches `dev-azure.com`. Hosts with `-` or `_` are named
            // in CENSUS_GIT_TOKEN_HOSTS.
            guard endpoint.host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == ".") }) else {
                return false
            }
            var keys = [Credentials.variableKey(host: endpoint.host, port: endpoint.effectivePort)]
            if endpoint.effectivePort == RemoteEndpoint.defaultPort(of: endpoint.scheme) {
                keys.append(Credentials.variableKey(host: endpoint.host, port: nil))
            }
            return keys.contains(key)
        }
    }

    /// Names the origin, never the token.
    public var description: String { "\(origin): ***" }
}
