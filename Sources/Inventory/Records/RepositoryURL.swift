/// Keeps credentials out of stored repository URLs.
public enum RepositoryURL {
    /// `url` without secrets: for `scheme://user:password@host/…` URLs the user info is dropped
    /// (for `ssh://` only the password, since the user name selects the account, not a secret).
    /// Local paths and scp-style `git@host:path` addresses carry no password and are returned as given.
    public static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userInfo = authority[..<at]
        let host = authority[authority.index(after: at)...]
        var kept = ""
        if scheme == "ssh" || scheme == "git+ssh" || scheme == "ssh+git" {
            let user = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if !user.isEmpty { kept = "\(user)@" }
        }
        return "\(url[..<schemeEnd.upperBound])\(kept)\(host)\(rest[authorityEnd...])"
    }

    /// Whether `url` carries user info that `redacted` would remove.
    public static func hasCredentials(_ url: String) -> Bool {
        redacted(url) != url
    }
}
