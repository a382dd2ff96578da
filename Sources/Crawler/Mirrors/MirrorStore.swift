import Foundation
import Git

/// Bare mirrors of the crawled repositories, one folder per remote URL under a cache root.
///
/// Folder names are derived from the URL with its credentials, query and fragment removed, so a
/// token never reaches the file system, and end in a hash of that normalized URL so two different
/// URLs never share a mirror. Each mirror has a lock (`MirrorLock`, a file beside its folder) that
/// every process and thread using the cache takes before creating, cleaning, fetching into or
/// re-creating it. Under that lock, opening a mirror first deletes what an interrupted git process
/// left behind (lock files, partial packs, copies moved aside), then checks that it opens and that
/// each branch's commit and root tree can be read; a mirror that fails is moved aside, deleted and
/// created again empty (the next fetch clones it anew).
public struct MirrorStore: Sendable {
    /// Longest readable part of a folder name (the hash suffix comes on top).
    static let maxReadableLength = 80
    /// How long `lock(url:)` waits by default for another holder of a mirror: long enough for
    /// another crawl to fetch and scan one large repository.
    public static let defaultLockWait: Duration = .seconds(900)
    /// At most this many entries of a mirror's `refs` folder are looked at for stale lock files
    /// (a mirror holds its tracked branches only, so this is never reached in practice).
    static let maxRefsScanned = 100_000

    /// The folder holding all mirrors.
    public let root: String
    /// Lock files and partial packs in a mirror older than this were left by an interrupted git
    /// process and are deleted when the mirror is opened under its lock; newer ones may belong to
    /// something still running in this process and are left alone. Defaults to the store's creation.
    public var staleBefore: Date
    /// How long `lock(url:)` waits while another process or thread holds the mirror.
    public var lockWait: Duration
    /// The copies moved aside in `root` (`removeDiscardedCopies(of:)`).
    private let discardedCopies = DiscardedCopies()

    /// A store rooted at `root` (created on first use).
    public init(root: String, staleBefore: Date = Date(), lockWait: Duration = MirrorStore.defaultLockWait) {
        self.root = root
        self.staleBefore = staleBefore
        self.lockWait = lockWait
    }

    /// How `prepare(url:)` found the mirror.
    public enum State: Sendable, Equatable {
        /// The mirror existed and opened cleanly.
        case existing
        /// The mirror existed and opened cleanly once the files an interrupted git process had left
        /// in it (paths relative to the mirror, sorted) were deleted.
        case cleaned(leftovers: [String])
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

    /// The lock file of the mirror for `url`: `<folder>.lock` beside the folder (never inside it, so
    /// re-creating the mirror keeps the lock).
    public func lockPath(for url: String) -> String {
        path(for: url) + ".lock"
    }

    /// Locks the mirror for `url` against every other process and thread using this cache, waiting
    /// up to `lockWait` for the current holder; `CrawlerError.mirrorBusy` names it when that runs out.
    public func lock(url: String) throws -> MirrorLock {
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw CrawlerError.mirrorLockFailed(path: lockPath(for: url), message: error.localizedDescription)
        }
        return try MirrorLock.acquire(at: lockPath(for: url), mirror: path(for: url), wait: lockWait)
    }

    /// The mirror for `url`, created empty when missing and re-created when damaged; locked only
    /// while it is opened.
    public func openOrCreate(url: String) throws -> Repository {
        try prepare(url: url).repository
    }

    /// The mirror for `url` together with how it was found; locked only while it is opened.
    public func prepare(url: String) throws -> (repository: Repository, state: State) {
        let lock = try lock(url: url)
        defer { lock.release() }
        return try prepare(url: url, holding: lock)
    }

    /// The mirror for `url` together with how it was found, for a caller holding its lock (from
    /// `lock(url:)`), which makes deleting what other processes left behind safe.
    public func prepare(url: String, holding lock: MirrorLock) throws -> (repository: Repository, state: State) {
        precondition(lock.path == lockPath(for: url), "prepare(url:holding:) needs the lock of that mirror")
        let folder = path(for: url)
        removeDiscardedCopies(of: folder)
        guard FileManager.default.fileExists(atPath: folder) else {
            return (try Repository.initBare(at: folder), .created)
        }
        let leftovers = removeLeftovers(in: folder)
        let reason: String
        do {
            let repository = try Repository.open(at: folder)
            if repository.isBare {
                try repository.verify()
                if let (branch, error) = Self.unreadableTip(of: try repository.localBranches(), in: repository) {
                    guard let damage = error.localDamage else { throw error }
                    reason = "\(damage) on branch \(branch)"
                } else {
                    return (repository, leftovers.isEmpty ? .existing : .cleaned(leftovers: leftovers))
                }
            } else {
                reason = "not a bare repository"
            }
        } catch let error as GitError {
            // Only damage is repaired by re-cloning; permission or ownership problems are reported.
            switch error {
            case .repositoryNotFound: reason = "not a git repository"
            case .corrupt(_, let message): reason = "unreadable repository files: \(message)"
            default: throw error
            }
        }
        return (try recreate(url: url, holding: lock, because: reason), .recreated(reason: reason))
    }

    /// Deletes the damaged mirror for `url` and creates it again empty, for a caller holding its
    /// lock; `reason` is kept in the error when the folder cannot be moved aside.
    public func recreate(url: String, holding lock: MirrorLock, because reason: String) throws -> Repository {
        precondition(lock.path == lockPath(for: url), "recreate(url:holding:because:) needs the lock of that mirror")
        let folder = path(for: url)
        if FileManager.default.fileExists(atPath: folder) { try discard(folder, because: reason) }
        return try Repository.initBare(at: folder)
    }

    /// The first branch (by name) whose commit or root tree cannot be read, with the error: a cheap
    /// test (two object reads per branch, nothing below the root tree) that catches a lost pack,
    /// which would otherwise surface only when a scan reads a file that did not change upstream.
    static func unreadableTip(of tips: [String: ObjectID], in repository: Repository) -> (branch: String, error: GitError)? {
        for (branch, tip) in tips.sorted(by: { $0.key < $1.key }) {
            do {
                let tree = try repository.commitInfo(tip).tree
                _ = try repository.walkTree(tree, visitSubtree: { _, _ in false }, include: { _ in false })
            } catch let error as GitError {
                return (branch, error)
            } catch {
                return (branch, .library(operation: "read branch \(branch)", code: -1, errorClass: 0, message: "\(error)"))
            }
        }
        return nil
    }

    /// Moves a damaged mirror out of the way (so a crash cannot leave it half deleted), then deletes it.
    private func discard(_ folder: String, because reason: String) throws {
        let aside = folder + Self.discardedInfix + UUID().uuidString.prefix(8).lowercased()
        do {
            try FileManager.default.moveItem(atPath: folder, toPath: aside)
        } catch {
            throw GitError.corrupt(path: folder, message: "\(reason); moving it aside failed: \(error.localizedDescription)")
        }
        // A leftover copy only costs disk space; the mirror path is already free and the next
        // crawl's opening of this mirror deletes the copy.
        try? FileManager.default.removeItem(atPath: aside)
    }

    /// What a damaged mirror's folder name gets when it is moved aside: `<folder>.damaged-<8 hex digits>`.
    static let discardedInfix = ".damaged-"

    /// Deletes copies of this mirror that a process stopped while discarding it left beside it.
    private func removeDiscardedCopies(of folder: String) {
        let prefix = (folder as NSString).lastPathComponent + Self.discardedInfix
        for name in discardedCopies.names(in: root) where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: (root as NSString).appendingPathComponent(name))
        }
    }

    /// The copies moved aside in a store's root, listed once per store: listing the root for every
    /// mirror opened made a crawl quadratic in the number of mirrors. A copy left by a process
    /// stopped after the listing is deleted by the next store that opens its mirror.
    final class DiscardedCopies: @unchecked Sendable {
        private let lock = NSLock()
        private var listed: [String]?
        /// How many times the root was listed (for tests).
        private(set) var listings = 0

        /// The names in `root` holding `MirrorStore.discardedInfix`, listed on the first call.
        func names(in root: String) -> [String] {
            lock.withLock {
                if let listed { return listed }
                listings += 1
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
                    .filter { $0.contains(MirrorStore.discardedInfix) }
                listed = names
                return names
            }
        }
    }

    /// How many times this store listed its root for copies moved aside (for tests).
    var rootListings: Int { discardedCopies.listings }

    /// Deletes the files an interrupted git process leaves in a repository, when older than
    /// `staleBefore`: lock files (`HEAD.lock`, `config.lock`, `packed-refs.lock`,
    /// `refs/heads/<b>.lock`, …), which make every later update of that file fail, and partial
    /// packs and objects (`pack_git2_*`, `tmp_object_git2_*`; git's own `tmp_pack_*`, `tmp_idx_*`),
    /// which only waste space. Returns the deleted paths relative to `folder`, sorted.
    private func removeLeftovers(in folder: String) -> [String] {
        let files = FileManager.default
        var removed: [String] = []
        func removeIfStale(_ relative: String) {
            let full = folder + "/" + relative
            guard let attributes = try? files.attributesOfItem(atPath: full),
                  attributes[.type] as? FileAttributeType == .typeRegular,
                  let modified = attributes[.modificationDate] as? Date, modified < staleBefore else { return }
            if (try? files.removeItem(atPath: full)) != nil { removed.append(relative) }
        }
        func names(in relative: String) -> [String] {
            (try? files.contentsOfDirectory(atPath: relative.isEmpty ? folder : folder + "/" + relative)) ?? []
        }
        for name in names(in: "") where name.hasSuffix(".lock") { removeIfStale(name) }
        for name in names(in: "objects") where name.hasPrefix("tmp_object_git2_") { removeIfStale("objects/" + name) }
        for name in names(in: "objects/pack")
        where ["pack_git2_", "tmp_pack_", "tmp_idx_"].contains(where: name.hasPrefix) || name.hasSuffix(".lock") {
            removeIfStale("objects/pack/" + name)
        }
        for relative in Self.entries(below: folder + "/refs", limit: Self.maxRefsScanned) where relative.hasSuffix(".lock") {
            removeIfStale("refs/" + relative)
        }
        return removed.sorted()
    }

    /// The paths (relative to `folder`) of the files and folders below it, at most `limit` of them;
    /// links are listed, never followed. Read with `readdir`, which tells folders from the rest without
    /// a `stat` each: Foundation's directory enumerator cost 0.4% of a crawl's CPU on 40 mirrors.
    static func entries(below folder: String, limit: Int) -> [String] {
        var found: [String] = []
        var pending = [""]
        while let relative = pending.popLast(), found.count < limit {
            guard let directory = opendir(relative.isEmpty ? folder : folder + "/" + relative) else { continue }
            defer { closedir(directory) }
            while found.count < limit, let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                found.append(path)
                var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    isFolder = lstat(folder + "/" + path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
                }
                if isFolder { pending.append(path) }
            }
        }
        return found
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
