import CLibGit2
import Foundation

/// Fetches branches from a repository on this machine (a path or `file://` URL) object by object.
///
/// libgit2's own local transport packs the objects of *every* reference the source has (tags,
/// `refs/pull/*`, …) even when the refspecs ask for a few branches; for a large air-gapped mirror
/// that copies far more than the census reads. This walks only the requested branch tips, skips
/// what the destination already has, and writes one pack with just those objects.
///
/// A pack builder reads every object it packs whole into memory (a 1 GiB blob costs over 1 GB), so
/// objects larger than `wholeObjectLimit` never go through it: their object files are linked (or
/// copied, across file systems) into the destination as they are, a loose object file alone, a
/// packed object with its whole pack (libgit2 reads a packed object only whole; a link costs no
/// space, and the branches' smaller objects are still packed, so a few may be stored twice).
/// Memory then stays bounded whatever the size of a blob.
enum LocalFetch {
    /// Objects above this many bytes are copied as files rather than read and packed.
    static let wholeObjectLimit = 8 << 20

    /// The folder a local remote address points to, nil for network URLs.
    static func localPath(of url: String) -> String? {
        if url.lowercased().hasPrefix("file://") {
            var rest = String(url.dropFirst("file://".count))
            if rest.lowercased().hasPrefix("localhost/") { rest = String(rest.dropFirst("localhost".count)) }
            return rest.removingPercentEncoding ?? rest
        }
        if url.contains("://") { return nil }
        // scp-like "host:path" (a colon before any slash) is SSH, not a path.
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") { return nil }
        return url
    }

    /// Copies the objects of `branches` from the repository at `sourcePath` and moves the local
    /// branches to the source's tips; returns every branch the source has.
    static func fetch(
        into destination: Repository, sourcePath: String, url: String, branches: [String], state: RemoteCallbacks
    ) throws(GitError) -> Set<String> {
        let source: Repository
        do { source = try Repository.open(at: sourcePath) } catch {
            throw GitError.remoteNotFound(url: URLRedaction.redact(url), message: "\(error)")
        }
        let advertised = try catching { try source.localBranches() }
        let wanted = branches.compactMap { name in advertised[name].map { (name, $0) } }
        guard !wanted.isEmpty else { return Set(advertised.keys) }
        do {
            try copy(wanted, from: source, into: destination, url: url, state: state)
        } catch {
            throw blamingSource(error, source: source, sourcePath: sourcePath)
        }
        return Set(advertised.keys)
    }

    /// An object missing while the source's history is walked is the source's lack, not the mirror's:
    /// said as such (shallow, partial or damaged), so the mirror is not re-created for it.
    private static func blamingSource(_ error: GitError, source: Repository, sourcePath: String) -> GitError {
        switch error {
        case .notFound(let what) where what.hasPrefix("object "):
            return .incompleteRepository(path: sourcePath, missing: what, because: source.incompleteness)
        case .library(_, let code, _, _) where code == GIT_ENOTFOUND.rawValue:
            return .incompleteRepository(path: sourcePath, missing: "a commit of its history", because: source.incompleteness)
        default:
            return error
        }
    }

    /// Copies the objects of the `wanted` branch tips that the destination lacks and moves its branches there.
    private static func copy(
        _ wanted: [(String, ObjectID)], from source: Repository, into destination: Repository, url: String,
        state: RemoteCallbacks
    ) throws(GitError) {

        let destinationTips = try catching { try destination.localBranches() }
        let sourceDatabase = try source.objectDatabase()
        let destinationDatabase = try destination.objectDatabase()
        let walk = try source.handle.withPointer { (repository) throws(GitError) in
            try GitHandle("walk history", release: { git_revwalk_free($0) }) { out in git_revwalk_new(&out, repository) }
        }
        try walk.withPointer { (walk) throws(GitError) in
            for (name, tip) in wanted {
                var oid = tip.oid
                try check(git_revwalk_push(walk, &oid), "walk branch '\(name)'")
            }
            // Hide what the destination already has, when the source knows those commits too.
            for tip in Set(destinationTips.values) {
                var oid = tip.oid
                let known = sourceDatabase.withPointer { git_odb_exists($0, &oid) == 1 }
                if known { try check(git_revwalk_hide(walk, &oid), "skip known history") }
            }
        }
        let timeout = GitError.timeout(url: URLRedaction.redact(url), seconds: state.timeoutSeconds)
        let pack = try source.handle.withPointer { (repository) throws(GitError) in
            try GitHandle("prepare pack", release: { git_packbuilder_free($0) }) { out in git_packbuilder_new(&out, repository) }
        }
        var plan = CopyPlan(source: source, pack: pack, destinationDatabase: destinationDatabase,
                            destinationIsEmpty: destinationTips.isEmpty)
        try plan.collect(walk, state: state, timeout: timeout)

        if !plan.large.isEmpty {
            let copier = try ObjectFileCopier(from: objectsFolder(of: source), into: objectsFolder(of: destination))
            for id in plan.large {
                if state.continueIfInTime() != 0 { throw timeout }
                // An object in no file of the source's own (it is an alternate's) is packed after all.
                if try !copier.copy(ObjectID(id)) { try plan.pack(id, name: nil) }
            }
        }
        try write(pack, into: destination, state: state, timeout: timeout)
        try check(destinationDatabase.withPointer { git_odb_refresh($0) }, "reload objects")
        for (name, tip) in wanted {
            try catching { try destination.setReference(Repository.branchPrefix + name, to: tip) }
        }
    }

    /// Writes the objects collected in `pack` as one pack into the destination.
    private static func write(_ pack: GitHandle, into destination: Repository, state: RemoteCallbacks,
                              timeout: GitError) throws(GitError) {
        try pack.withPointer { (pack) throws(GitError) in
            if state.continueIfInTime() != 0 { throw timeout }
            guard git_packbuilder_object_count(pack) > 0 else { return }
            let packFolder = try objectsFolder(of: destination) + "/pack"
            let code = withExtendedLifetime(state) {
                git_packbuilder_write(pack, packFolder, 0, { _, payload in
                    guard let payload else { return 0 }
                    return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().continueIfInTime()
                }, Unmanaged.passUnretained(state).toOpaque())
            }
            if code < 0, state.deadlinePassed { throw timeout }
            try check(code, "write pack into '\(destination.path)'")
        }
    }

    private static func objectsFolder(of repository: Repository) throws(GitError) -> String {
        try repository.handle.withPointer { (repository) throws(GitError) in
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            try check(git_repository_item_path(&buffer, repository, GIT_REPOSITORY_ITEM_OBJECTS), "locate objects folder")
            guard let pointer = buffer.ptr else {
                throw GitError.library(operation: "locate objects folder", code: -1, errorClass: 0, message: "no path")
            }
            let path = string(from: pointer)
            return path.hasSuffix("/") ? String(path.dropLast()) : path
        }
    }
}

/// The objects a local fetch copies: reachable from the walked commits and missing from the
/// destination; commits, trees and small blobs go into a pack builder, larger blobs are listed to
/// be copied as files.
///
/// Works on raw libgit2 ids and tree entries: a first fetch visits every object of the history
/// once, so per-object Swift strings would cost more than the walk itself.
private struct CopyPlan {
    let source: Repository
    let pack: GitHandle
    let destinationDatabase: GitHandle
    /// A destination without branches holds nothing worth asking about, object by object.
    let destinationIsEmpty: Bool
    /// Blobs over `LocalFetch.wholeObjectLimit`.
    var large: [git_oid] = []
    private var seen: Set<Key> = []

    /// A hashable copy of the 20 bytes of a `git_oid`.
    private struct Key: Hashable {
        var head: UInt64, middle: UInt64, tail: UInt32
        init(_ oid: git_oid) {
            (head, middle, tail) = withUnsafeBytes(of: oid.id) {
                ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 $0.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            }
        }
    }

    init(source: Repository, pack: GitHandle, destinationDatabase: GitHandle, destinationIsEmpty: Bool) {
        self.source = source
        self.pack = pack
        self.destinationDatabase = destinationDatabase
        self.destinationIsEmpty = destinationIsEmpty
    }

    /// Walks the commits `walk` yields and every tree and blob below them; a tree the destination
    /// already has is skipped with everything below it (a mirror holds whole histories).
    mutating func collect(_ walk: GitHandle, state: RemoteCallbacks, timeout: GitError) throws(GitError) {
        let sourceDatabase = try source.objectDatabase()
        var commit = git_oid()
        var treesRead = 0
        while true {
            let code = walk.withPointer { git_revwalk_next(&commit, $0) }
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "walk history")
            guard isNeeded(commit) else { continue }
            try pack(commit, name: nil)
            let root = try object(commit, as: GIT_OBJECT_COMMIT).withPointer { git_commit_tree_id($0).pointee }
            var pending: [(id: git_oid, name: String?)] = [(root, nil)]
            while let tree = pending.popLast() {
                guard isNeeded(tree.id) else { continue }
                try pack(tree.id, name: tree.name)
                let handle = try object(tree.id, as: GIT_OBJECT_TREE)
                // Every entry, whatever its name: the mirror must hold the tree's objects as they are.
                try handle.withPointer { (tree) throws(GitError) in
                    for index in 0..<git_tree_entrycount(tree) {
                        guard let entry = git_tree_entry_byindex(tree, index) else { continue }
                        let id = git_tree_entry_id(entry).pointee
                        let mode = git_tree_entry_filemode(entry)
                        // A submodule's commit lives in another repository.
                        guard mode != GIT_FILEMODE_COMMIT else { continue }
                        if mode == GIT_FILEMODE_TREE {
                            pending.append((id, optionalString(from: git_tree_entry_name(entry))))
                            continue
                        }
                        guard isNeeded(id) else { continue }
                        if try size(of: id, in: sourceDatabase) > LocalFetch.wholeObjectLimit {
                            large.append(id)
                        } else {
                            try pack(id, entryName: git_tree_entry_name(entry))
                        }
                    }
                }
                treesRead += 1
                if treesRead % 256 == 0, state.continueIfInTime() != 0 { throw timeout }
            }
        }
    }

    /// Adds one object to the pack; `entryName` (its name in its tree) helps the builder find deltas.
    func pack(_ id: git_oid, entryName: UnsafePointer<CChar>?) throws(GitError) {
        var oid = id
        try check(pack.withPointer { git_packbuilder_insert($0, &oid, entryName) }, "collect object \(ObjectID(id).short)")
    }

    /// Adds one object to the pack, with its entry name if it has one.
    func pack(_ id: git_oid, name: String?) throws(GitError) {
        var oid = id
        let code = pack.withPointer { pack in
            name.map { name in name.withCString { git_packbuilder_insert(pack, &oid, $0) } }
                ?? git_packbuilder_insert(pack, &oid, nil)
        }
        try check(code, "collect object \(ObjectID(id).short)")
    }

    /// Whether `id` is met for the first time and missing from the destination.
    private mutating func isNeeded(_ id: git_oid) -> Bool {
        guard seen.insert(Key(id)).inserted else { return false }
        if destinationIsEmpty { return true }
        var oid = id
        return destinationDatabase.withPointer { git_odb_exists($0, &oid) } != 1
    }

    private func object(_ id: git_oid, as type: git_object_t) throws(GitError) -> GitHandle {
        var oid = id
        return try source.handle.withPointer { (repository) throws(GitError) in
            try GitHandle("read object \(ObjectID(id).short)", release: { git_object_free($0) }, interpret: { [path = source.path] in
                $0.has(GIT_ENOTFOUND) ? .notFound(what: "object \(ObjectID(id).hex)") : .corrupt(path: path, message: $0.message)
            }) { out in git_object_lookup(&out, repository, &oid, type) }
        }
    }

    private func size(of id: git_oid, in database: GitHandle) throws(GitError) -> Int {
        var oid = id
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(database.withPointer { git_odb_read_header(&size, &type, $0, &oid) }, "read object \(ObjectID(id).short)") {
            [path = source.path] in
            $0.has(GIT_ENOTFOUND) ? .notFound(what: "object \(ObjectID(id).hex)") : .corrupt(path: path, message: $0.message)
        }
        return size
    }
}

/// Puts the file holding an object into another repository's objects folder: hard-linked where
/// both are on one file system (object files never change once written), else copied.
private struct ObjectFileCopier {
    let sourceObjects: String
    let destinationObjects: String
    private let files = FileManager.default

    init(from sourceObjects: String, into destinationObjects: String) {
        self.sourceObjects = sourceObjects
        self.destinationObjects = destinationObjects
    }

    /// Copies the loose object file of `id`, or else the pack (with its index) that holds it;
    /// false when neither is in the source's own objects folder.
    func copy(_ id: ObjectID) throws(GitError) -> Bool {
        let loose = "/" + id.hex.prefix(2) + "/" + id.hex.dropFirst(2)
        if files.fileExists(atPath: sourceObjects + loose) {
            try place(sourceObjects + loose, at: destinationObjects + loose)
            return true
        }
        guard let pack = packHolding(id) else { return false }
        let name = (pack as NSString).lastPathComponent
        // The pack before its index: libgit2 finds packs by their index.
        try place(pack + ".pack", at: destinationObjects + "/pack/" + name + ".pack")
        try place(pack + ".idx", at: destinationObjects + "/pack/" + name + ".idx")
        return true
    }

    /// The source pack (path without extension) whose index lists `id`.
    private func packHolding(_ id: ObjectID) -> String? {
        let folder = sourceObjects + "/pack"
        guard let names = try? files.contentsOfDirectory(atPath: folder) else { return nil }
        for name in names.sorted() where name.hasSuffix(".idx") {
            let base = folder + "/" + name.dropLast(4)
            guard files.fileExists(atPath: base + ".pack") else { continue }
            var database: OpaquePointer?
            guard git_odb_new(&database) == 0, let database else { continue }
            defer { git_odb_free(database) }
            var backend: OpaquePointer?
            // The object database owns the backend once added, and frees it with itself.
            guard git_odb_backend_one_pack(&backend, base + ".idx") == 0, let backend,
                  git_odb_add_backend(database, backend, 1) == 0 else { continue }
            var oid = id.oid
            if git_odb_exists(database, &oid) == 1 { return base }
        }
        return nil
    }

    /// Links or copies `file` to `target` unless it is there already; a copy goes through a
    /// temporary name, so an interrupted copy never looks like a whole object file.
    private func place(_ file: String, at target: String) throws(GitError) {
        guard !files.fileExists(atPath: target) else { return }
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
            do {
                try files.linkItem(atPath: file, toPath: target)
            } catch {
                let temporary = folder + "/tmp_census_" + UUID().uuidString
                defer { try? files.removeItem(atPath: temporary) }
                try files.copyItem(atPath: file, toPath: temporary)
                try files.moveItem(atPath: temporary, toPath: target)
            }
        } catch {
            if files.fileExists(atPath: target) { return }   // placed meanwhile by another fetch
            throw GitError.objectCopyFailed(file: file, into: folder, reason: Self.reason(error))
        }
    }

    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain, let text = strerror(Int32(underlying.code)) {
            return String(cString: text)
        }
        return (error as NSError).localizedDescription
    }
}
