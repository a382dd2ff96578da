import Foundation
import Inventory

/// Reads repos.txt (docs/repos-file.md): one repository per line, `#` comments, `key=value` options.
public enum RepoList {
    static let knownKeys: Set<String> = ["branches", "team", "contact", "name"]

    /// Loads and parses the file at `path`; relative local paths in it are taken relative to its folder.
    public static func load(path: String) throws(CrawlerError) -> [RepositorySpec] {
        let data = try read(path)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(String(decoding: data, as: UTF8.self), source: path, baseDirectory: base)
    }

    /// The bytes of the file at `path`, or an error saying why they cannot be read.
    private static func read(_ path: String) throws(CrawlerError) -> Data {
        do {
            return try UserFile.read(path)
        } catch {
            throw .repoListUnreadable(path: path, reason: error.reason)
        }
    }

    /// Parses repos.txt text; any malformed line, unknown key or duplicate repository is an error
    /// naming `source:line`, and nothing is returned.
    public static func parse(_ text: String, source: String = "repos.txt",
                             baseDirectory: String? = nil) throws(CrawlerError) -> [RepositorySpec] {
        var specs: [RepositorySpec] = []
        var seenLocations: [String: Int] = [:]
        var seenNames: [String: Int] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            func fail(_ message: String) -> CrawlerError {
                .repoListLine(file: source, line: number, message: message)
            }
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = tokens.first else { continue }
            var location = String(first)
            if location.contains("=") && !location.contains("/") {
                throw fail("a line must start with a repository URL or path, not '\(location)'")
            }
            if let scheme = location.range(of: "://").map({ location[..<$0.lowerBound].lowercased() }),
               !supportedSchemes.contains(scheme) {
                throw fail("unsupported scheme '\(scheme)://' in '\(RepositoryLocation.redact(location))' "
                    + "(census reads https://, http://, ssh://, git:// and file:// URLs, git@host:path and local paths)")
            }
            if let base = baseDirectory, Self.isRelativePath(location) {
                location = URL(fileURLWithPath: location, relativeTo: URL(fileURLWithPath: base, isDirectory: true))
                    .standardizedFileURL.path
            }
            var values: [String: String] = [:]
            for token in tokens.dropFirst() {
                guard let eq = token.firstIndex(of: "=") else {
                    throw fail("expected key=value after the repository, found '\(token)'")
                }
                let key = String(token[..<eq]), value = String(token[token.index(after: eq)...])
                guard knownKeys.contains(key) else {
                    throw fail("unknown key '\(key)' (known: branches, contact, name, team)")
                }
                guard !value.isEmpty else { throw fail("'\(key)=' needs a value") }
                guard values[key] == nil else { throw fail("'\(key)' is given twice") }
                values[key] = value
            }
            var patterns: [BranchPattern] = []
            if let list = values["branches"] {
                for piece in list.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let pattern = BranchPattern(String(piece)) else {
                        throw fail("invalid branch glob '\(piece)' in branches=\(list)")
                    }
                    patterns.append(pattern)
                }
            }
            guard let derived = values["name"] ?? Self.defaultName(for: location) else {
                throw fail("cannot derive a name from '\(RepositoryLocation.redact(location))'; add name=")
            }
            let identity = RepositoryLocation.identity(of: location)
            if let earlier = seenLocations[identity] {
                throw fail("duplicate repository \(RepositoryLocation.redact(location)) (already on line \(earlier))")
            }
            if let earlier = seenNames[derived] {
                throw fail("duplicate repository name '\(derived)' (already on line \(earlier)); set name= to tell them apart")
            }
            seenLocations[identity] = number
            seenNames[derived] = number
            specs.append(RepositorySpec(url: location, branches: patterns, team: values["team"],
                                        contact: values["contact"], name: derived, source: source, line: number))
        }
        return specs
    }

    /// The URL schemes a repository line may use; any other (`htps://`) is a typo to report on its line.
    static let supportedSchemes: Set<String> = ["https", "http", "ssh", "git", "file"]

    static func isRelativePath(_ location: String) -> Bool {
        !location.hasPrefix("/") && !location.contains("://") && !location.contains("@")
    }

    /// `owner/repo` for URLs, the folder name for paths, without a `.git` suffix.
    static func defaultName(for location: String) -> String? {
        let isPath = location.hasPrefix("/") || location.hasPrefix("file://") || location.hasPrefix(".")
        var trimmed = location
        if let query = trimmed.firstIndex(where: { $0 == "?" }) { trimmed = String(trimmed[..<query]) }
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        if trimmed.hasSuffix(".git") { trimmed.removeLast(4) }
        // scp-like git@host:owner/repo
        if !trimmed.contains("://"), let colon = trimmed.firstIndex(of: ":"), !isPath {
            trimmed = String(trimmed[trimmed.index(after: colon)...])
        } else if let scheme = trimmed.range(of: "://") {
            trimmed = String(trimmed[scheme.upperBound...])
            if !isPath, let slash = trimmed.firstIndex(of: "/") {
                trimmed = String(trimmed[trimmed.index(after: slash)...])   // drop the host
            }
        }
        let parts = trimmed.split(separator: "/").map(String.init).filter { !$0.isEmpty }
        guard let last = parts.last else { return nil }
        if isPath || parts.count == 1 { return last }
        // Azure DevOps: org/project/_git/repo → project/repo
        if parts.count >= 3, parts[parts.count - 2] == "_git" {
            return "\(parts[parts.count - 3])/\(last)"
        }
        return "\(parts[parts.count - 2])/\(last)"
    }
}
