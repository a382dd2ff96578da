import Foundation

/// Removes secrets from URLs and messages before they are printed, logged or stored.
///
/// Userinfo (`user:token@`) and query strings of `scheme://` URLs are replaced by `***`;
/// scp-like SSH addresses (`git@host:path`) carry no secret and are left as written.
public enum URLRedaction {
    /// The URL with its userinfo and query replaced: `https://user:tok@host/x?k=v` → `https://***@host/x?***`.
    public static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authorityStart = schemeEnd.upperBound
        let rest = url[authorityStart...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex
        var authority = String(url[authorityStart..<authorityEnd])
        if let at = authority.lastIndex(of: "@") {
            authority = "***" + authority[at...]
        }
        var tail = String(url[authorityEnd...])
        if let question = tail.firstIndex(of: "?") {
            let fragment = tail[question...].firstIndex(of: "#").map { String(tail[$0...]) } ?? ""
            tail = tail[..<question] + "?***" + fragment
        }
        return url[..<authorityStart] + authority + tail
    }

    /// The message with every embedded `scheme://` URL redacted and every given secret replaced by `***`.
    public static func scrub(_ message: String, secrets: [String] = []) -> String {
        var text = message
        for secret in secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        var output = ""
        var remainder = Substring(text)
        while let marker = remainder.range(of: "://") {
            // The URL starts at the scheme: the letters right before "://".
            var start = marker.lowerBound
            while start > remainder.startIndex {
                let previous = remainder.index(before: start)
                guard remainder[previous].isLetter || remainder[previous].isNumber
                    || "+-.".contains(remainder[previous]) else { break }
                start = previous
            }
            let end = remainder[marker.upperBound...].firstIndex(where: { $0.isWhitespace || "'\"<>`".contains($0) })
                ?? remainder.endIndex
            output += remainder[..<start]
            output += redact(String(remainder[start..<end]))
            remainder = remainder[end...]
        }
        return output + remainder
    }
}
