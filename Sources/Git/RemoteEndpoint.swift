/// The scheme, host and port of a `scheme://` remote URL, and whether it carries its own credentials.
///
/// Parsed by hand, the same way libgit2 splits the authority (`userinfo@host:port`), so that the host
/// census compares is the host libgit2 connects to. Paths and scp-like SSH addresses have no endpoint.
public struct RemoteEndpoint: Sendable, Hashable {
    /// The lowercased scheme (`https`, `http`, `ssh`).
    public var scheme: String
    /// The lowercased host; an IPv6 literal keeps its brackets (`[::1]`).
    public var host: String
    /// The port written in the URL, if any.
    public var port: Int?
    /// Whether the URL carries a user name (and perhaps a password) before the host.
    public var hasUserinfo: Bool

    /// The endpoint of `url`, or nil for a path, an scp-like address or a URL without a host.
    public init?(url: String) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound]
        guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return nil }
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        var hasUserinfo = false
        if let at = authority.lastIndex(of: "@") {
            hasUserinfo = true
            authority = authority[authority.index(after: at)...]
        }
        guard let (host, port) = Self.split(authority) else { return nil }
        self.scheme = scheme.lowercased()
        self.host = host
        self.port = port
        self.hasUserinfo = hasUserinfo
    }

    /// The port a connection actually uses: the written one, else the scheme's default.
    public var effectivePort: Int? { port ?? Self.defaultPort(of: scheme) }

    /// 443 for HTTPS, 80 for HTTP, 22 for SSH; nil for schemes without a network port.
    public static func defaultPort(of scheme: String) -> Int? {
        switch scheme.lowercased() {
        case "https": return 443
        case "http": return 80
        case "ssh", "git+ssh", "ssh+git": return 22
        case "git": return 9418
        default: return nil
        }
    }

    /// Splits `host[:port]` (or `[v6]:port`) into a lowercased host and an optional port; nil when
    /// the host is empty or the port is not a number from 1 to 65535.
    static func split(_ authority: Substring) -> (host: String, port: Int?)? {
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        guard !host.isEmpty else { return nil }
        var port: Int?
        if let portText, !portText.isEmpty {
            guard let number = Int(portText), (1...65_535).contains(number) else { return nil }
            port = number
        }
        return (host.lowercased(), port)
    }
}
