import Foundation
import Git

/// Bare mirrors of the crawled repositories, one folder per remote URL under a cache root.
///
/// Folder names are derived from the URL with its credentials, query and fragment removed, so a
/// token never reaches the file system, and end in a hash of that normalized URL so two different
/// URLs never share a mirror. A mirror that cannot be opened is moved aside, deleted and created
/// again empty (the next fetch clones it anew).
public struct MirrorStore: Sendable {
    /// Longest readable part of a folder name (the hash suffix comes on top).
    static let maxReadableLength = 80

    /// The folder holding all mirrors.
    public let root: String

    /// A store rooted at `root` (created on first use).
    public init(root: String) {
        self.root = root
    }

    /// How `prepare(url:)` found the mirror.
    public enum State: Sendable, Equatable {
        /// The mirror existed and opened cleanly.
        case existing
        /// There was no mirror yet; an empty one was created.
        case created
        /// The mirror was damaged; it was deleted and an empty one created. The reason says why.
        case recreated(reason: String)
    }

    /// The mirror folder for `url`: `<readable host and path>-<16 hex digit hash>`, never hidden,
    /// never containing `/` or `..`.
    public func folderName(for url: String) -> String {
        let normalized = Self.normalize(url)
        return Self.readableName(normalized) + "-" + Self.fnv1a64Hex(normalized)
    }

    /// Full path of the mirror folder for `url`.
    public func path(for url: String) -> String {
        (root as NSString).appendingPathComponent(folderName(for: url))
    }

    /// The mirror for `url`, created empty when missing and re-created when damaged.
    public func openOrCreate(url: String) throws -> Repository {
        try prepare(url: url).repository
    }

    /// The mirror for `url` together with how it was found.
    public func prepare(url: String) throws -> (repository: Repository, state: State) {
        let folder = path(for: url)
        guard FileManager.default.fileExists(atPath: folder) else {
            return (try Repository.initBare(at: folder), .created)
        }
        let reason: String
        do {
            let repository = try Repository.open(at: folder)
            if repository.isBare {
                try repository.verify()
                return (repository, .existing)
            }
            reason = "'\(folder)' is not a bare repository"
        } catch let error as GitError {
            // Only damage is repaired by re-cloning; permission or ownership problems are reported.
            switch error {
            case .corrupt, .repositoryNotFound: reason = error.description
            default: throw error
            }
        }
        try discard(folder, because: reason)
        return (try Repository.initBare(at: folder), .recreated(reason: reason))
    }

    /// Moves a damaged mirror out of the way (so a crash cannot leave it half deleted), then deletes it.
    private func discard(_ folder: String, because reason: String) throws {
        let aside = folder + ".damaged-" + UUID().uuidString.prefix(8).lowercased()
        do {
            try FileManager.default.moveItem(atPath: folder, toPath: aside)
        } catch {
            throw GitError.corrupt(path: folder, message: "\(reason); moving it aside failed: \(error.localizedDescription)")
        }
        // A leftover copy only costs disk space; the mirror path is already free.
        try? FileManager.default.removeItem(atPath: aside)
    }

    /// The URL without credentials, query, fragment or trailing slashes, scheme and host lowercased;
    /// local paths made absolute and standardized.
    static func normalize(_ url: String) -> String {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        if let schemeEnd = trimmed.range(of: "://") {
            let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
            var rest = Substring(trimmed[schemeEnd.upperBound...])
            if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            var path = String(rest[authorityEnd...])
            if scheme == "file" { path = standardizedPath(path) }
            while path.hasSuffix("/") { path.removeLast() }
            return scheme + "://" + authority.lowercased() + path
        }
        if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].contains("/") {
            // scp-like "user@host:path": drop the user, lowercase the host.
            var host = trimmed[..<colon]
            if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
            var path = String(trimmed[trimmed.index(after: colon)...])
            while path.hasSuffix("/") { path.removeLast() }
            return host.lowercased() + ":" + path
        }
        return standardizedPath(trimmed)
    }

    private static func standardizedPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        var components: [Substring] = []
        for component in absolute.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// Host and path of the normalized URL reduced to `[a-z0-9._-]`, no leading dot, no `..`.
    static func readableName(_ normalized: String) -> String {
        var text = Substring(normalized)
        if let schemeEnd = text.range(of: "://") { text = text[schemeEnd.upperBound...] }
        var name = ""
        for scalar in text.lowercased().unicodeScalars {
            let character: Character
            switch scalar {
            case "a"..."z", "0"..."9", "-": character = Character(scalar)
            case ".": character = name.last == "." ? "_" : "."
            default: character = "_"
            }
            if character == "_" && name.last == "_" { continue }
            name.append(character)
        }
        // Keep the end: the repository name is more telling than the host.
        if name.count > maxReadableLength { name = String(name.suffix(maxReadableLength)) }
        name = String(name.drop { $0 == "." || $0 == "_" || $0 == "-" })
        while let last = name.last, last == "." || last == "_" || last == "-" { name.removeLast() }
        return name.isEmpty ? "repository" : name
    }

    /// FNV-1a 64-bit hash of the UTF-8 bytes, as 16 lowercase hex digits.
    static func fnv1a64Hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
