/// Web links to a file and line at a scanned commit, for the hosts people browse code on.
///
/// GitHub (and GitHub Enterprise hosts named `github…`), Azure DevOps (`dev.azure.com`,
/// `*.visualstudio.com`, and their SSH form) and GitLab (`gitlab.com` and hosts named `gitlab…`) are
/// recognized from the repository's url in any of its https, ssh or scp-like (`git@host:path`)
/// spellings. Local paths, `file://` urls and unknown hosts get no link: reports show the plain path.
public enum SourceLink {
    /// The code host of a repository url.
    public enum Host: Sendable, Hashable {
        /// `https://github.com/owner/repo` (the web base without `.git`).
        case gitHub(base: String)
        /// `https://dev.azure.com/org/project/_git/repo`.
        case azureDevOps(base: String)
        /// `https://gitlab.example.com/group/project`.
        case gitLab(base: String)
    }

    /// The web link to `path` at `line` of `commit`, or `nil` when the repository is not on a known host.
    public static func url(repositoryURL: String, commit: String, path: String, line: Int?) -> String? {
        guard let host = host(of: repositoryURL) else { return nil }
        let sha = encode(commit, keepSlashes: false)
        let file = encode(path.hasPrefix("/") ? String(path.dropFirst()) : path, keepSlashes: true)
        switch host {
        case .gitHub(let base):
            return "\(base)/blob/\(sha)/\(file)" + (line.map { "#L\($0)" } ?? "")
        case .gitLab(let base):
            return "\(base)/-/blob/\(sha)/\(file)" + (line.map { "#L\($0)" } ?? "")
        case .azureDevOps(let base):
            let lines = line.map { "&line=\($0)&lineEnd=\($0)&lineStartColumn=1" } ?? ""
            return "\(base)?path=/\(file)&version=GC\(sha)\(lines)"
        }
    }

    /// The host of a repository url, or `nil` for local repositories and unknown hosts.
    public static func host(of repositoryURL: String) -> Host? {
        guard let (hostName, rawPath) = split(repositoryURL) else { return nil }
        let host = hostName.lowercased()
        var segments = rawPath.split(separator: "/").map(String.init)
        if let last = segments.last, last.lowercased().hasSuffix(".git") {
            segments[segments.count - 1] = String(last.dropLast(4))
        }
        segments.removeAll { $0.isEmpty }
        guard !segments.isEmpty else { return nil }

        if host == "dev.azure.com" || host == "ssh.dev.azure.com" || host.hasSuffix(".visualstudio.com") {
            return azureDevOps(host: host, segments: segments)
        }
        guard segments.count >= 2 else { return nil }
        let path = segments.map { encode($0, keepSlashes: false) }.joined(separator: "/")
        if host == "github.com" || host.hasPrefix("github.") {
            return .gitHub(base: "https://\(host)/\(segments.prefix(2).map { encode($0, keepSlashes: false) }.joined(separator: "/"))")
        }
        if host == "gitlab.com" || host.hasPrefix("gitlab.") {
            return .gitLab(base: "https://\(host)/\(path)")
        }
        return nil
    }

    static func azureDevOps(host: String, segments: [String]) -> Host? {
        var parts = segments
        if host == "ssh.dev.azure.com" {
            // git@ssh.dev.azure.com:v3/org/project/repo
            guard parts.first == "v3", parts.count == 4 else { return nil }
            parts = [parts[1], parts[2], "_git", parts[3]]
            return azureDevOps(host: "dev.azure.com", segments: parts)
        }
        guard let gitIndex = parts.firstIndex(of: "_git"), gitIndex + 1 < parts.count else { return nil }
        let repository = parts[gitIndex + 1]
        let before = parts[..<gitIndex].map { encode($0, keepSlashes: false) }
        // dev.azure.com/org/project/_git/repo; org.visualstudio.com/[collection/]project/_git/repo
        let expected = host == "dev.azure.com" ? 2...2 : 1...2
        guard expected.contains(before.count) else { return nil }
        return .azureDevOps(base: "https://\(host)/\(before.joined(separator: "/"))/_git/\(encode(repository, keepSlashes: false))")
    }

    /// Host and path of an `scheme://[user@]host[:port]/path` or `[user@]host:path` url; `nil` for
    /// local paths and `file://` urls.
    static func split(_ url: String) -> (host: String, path: String)? {
        if let schemeEnd = url.range(of: "://") {
            let scheme = url[..<schemeEnd.lowerBound].lowercased()
            guard ["https", "http", "ssh", "git", "git+ssh", "ssh+git"].contains(scheme) else { return nil }
            let rest = url[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if let colon = authority.lastIndex(of: ":") { authority = authority[..<colon] }
            var path = String(rest[authorityEnd...])
            if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<query]) }
            return authority.isEmpty ? nil : (String(authority), path)
        }
        // scp-like: [user@]host:path, where host has no slash and is not a Windows drive letter.
        guard !url.hasPrefix("/"), !url.hasPrefix("."), let colon = url.firstIndex(of: ":") else { return nil }
        var host = url[..<colon]
        guard !host.contains("/"), host.count > 1 else { return nil }
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        return host.isEmpty ? nil : (String(host), String(url[url.index(after: colon)...]))
    }

    /// Percent-encodes everything but unreserved characters (and `/` when asked).
    static func encode(_ text: String, keepSlashes: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: "/") where keepSlashes:
                out.append("/")
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
