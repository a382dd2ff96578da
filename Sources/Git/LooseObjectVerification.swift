import CLibGit2
import Foundation

/// Checks the id of every loose object a repository handle reads, so that libgit2's strict hash
/// verification, which re-hashes every object read, packed ones included, can stay off (`GitLibrary`).
///
/// Why. A damaged packed object never reads back as other contents: zlib checks the Adler-32 of
/// each packed object's stream and libgit2 its inflated size (`RepositoryDamageTests` flips every
/// byte). libgit2 1.5 inflates a loose object without the Adler-32 check, so one damaged byte can read
/// back as other contents (`image` as `igmae`), and only its id tells. Re-hashing every object read
/// (SHA-1 with collision detection) cost 5% of a cold crawl's CPU, nearly all of it on packed trees
/// and blobs.
///
/// How. libgit2 asks an object database's backends in priority order, those of equal priority in the
/// order they were added: its pack backend (priority 2), then its loose backend (1). `install(into:)`
/// adds, for the objects folder and each alternate libgit2 reads, a backend of priority 2 wrapping a
/// loose backend of its own, after the pack backend: a packed object is found in its pack as before,
/// a loose one by the wrapper, which hashes what it read and fails the read when that is not the id
/// asked for (`GIT_EMISMATCH`, as libgit2's own check does). libgit2's unverified loose backends come
/// last and find nothing the wrappers did not. Writing is left to libgit2's own backends.
enum LooseObjectVerification {
    /// The packed backend's priority; the wrappers come after it, having been added later.
    static let priority: Int32 = 2

    /// How deep libgit2 follows alternates of alternates (`GIT_ALTERNATES_MAX_DEPTH`).
    static let alternateDepthLimit = 5

    /// Adds the verifying backends to `repository`'s object database.
    static func install(into repository: OpaquePointer) throws(GitError) {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check(git_repository_item_path(&buffer, repository, GIT_REPOSITORY_ITEM_OBJECTS), "find the objects folder")
        guard let objects = buffer.ptr.map({ string(from: $0) }) else { return }

        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository), "open the object database")
        defer { git_odb_free(odb) }
        for folder in looseFolders(objects: objects) {
            var inner: UnsafeMutablePointer<git_odb_backend>?
            try check(git_odb_backend_loose(&inner, folder, -1, 0, 0, 0), "open the loose objects of \(folder)")
            guard let inner else { continue }
            let backend = VerifyingBackend.allocate(wrapping: inner, folder: folder)
            let added = git_odb_add_backend(odb, backend, priority)
            if added < 0 {
                let failure = LibraryFailure(code: added)
                VerifyingBackend.free(backend)
                throw failure.error("add the loose object check for \(folder)")
            }
        }
    }

    /// The objects folder and the alternates libgit2 reads besides it, as libgit2 finds them: one per
    /// line of `info/alternates`, `#` lines and empty ones skipped, a path starting with `.` taken
    /// relative to the repository's own objects folder (and only there), up to `alternateDepthLimit`
    /// alternates deep. Each folder once.
    static func looseFolders(objects: String) -> [String] {
        var folders: [String] = []
        var seen: Set<String> = []
        func visit(_ folder: String, depth: Int) {
            let key = URL(fileURLWithPath: folder).standardizedFileURL.path
            guard seen.insert(key).inserted else { return }
            folders.append(folder)
            guard depth <= alternateDepthLimit,
                  let text = try? String(contentsOfFile: joined(folder, "info/alternates"), encoding: .utf8) else { return }
            for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
                guard let first = line.first, first != "#" else { continue }
                let alternate = first == "." && depth == 0 ? joined(folder, String(line)) : String(line)
                visit(alternate, depth: depth + 1)
            }
        }
        visit(objects, depth: 0)
        return folders
    }

    private static func joined(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}

/// The wrapper libgit2 holds (`CallbackStructure`, its state the wrapped loose backend and its folder).
private enum VerifyingBackend {
    /// The wrapped loose backend and the folder it reads.
    final class State {
        let inner: UnsafeMutablePointer<git_odb_backend>
        let folder: String

        init(inner: UnsafeMutablePointer<git_odb_backend>, folder: String) {
            self.inner = inner
            self.folder = folder.hasSuffix("/") ? folder : folder + "/"
        }

        /// Reads `id` through the loose backend once its file is known to be safe for libgit2 to read
        /// (`census_loose_header_is_safe`, on the file's first `headBytes`, or all of it when the header
        /// needs more), and checks what it read hashes to `id`.
        func read(_ data: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ length: UnsafeMutablePointer<Int>,
                  _ type: UnsafeMutablePointer<git_object_t>, _ id: UnsafePointer<git_oid>) -> Int32 {
            let hex = ObjectID(id.pointee).hex
            guard let file = FileHandle(forReadingAtPath: folder + hex.prefix(2) + "/" + hex.dropFirst(2)) else {
                return GIT_ENOTFOUND.rawValue
            }
            defer { try? file.close() }
            var head = (try? file.read(upToCount: Self.headBytes)) ?? Data()
            var verdict = Self.headerVerdict(head, complete: head.count < Self.headBytes)
            if verdict == 2 {
                head += (try? file.readToEnd()) ?? Data()
                verdict = Self.headerVerdict(head, complete: true)
            }
            guard verdict == 1 else {
                git_error_set_str(Int32(GIT_ERROR_ODB.rawValue),
                                  "loose object \(hex) is damaged: its header does not match its contents")
                return -1
            }
            guard let read = inner.pointee.read else { return GIT_ENOTFOUND.rawValue }
            let code = read(data, length, type, inner, id)
            guard code == 0 else { return code }
            return verify(data, length: length.pointee, type: type.pointee, id: id)
        }

        /// How much of a loose file the header check reads first: a header inflates from far less.
        static let headBytes = 4_096

        private static func headerVerdict(_ bytes: Data, complete: Bool) -> Int32 {
            bytes.withUnsafeBytes { raw in
                census_loose_header_is_safe(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, complete ? 1 : 0)
            }
        }

        /// 0 when `data` hashes to `id`; otherwise frees it and fails as libgit2's own check does.
        private func verify(_ data: UnsafeMutablePointer<UnsafeMutableRawPointer?>, length: Int, type: git_object_t,
                            id: UnsafePointer<git_oid>) -> Int32 {
            var hashed = git_oid()
            let code = git_odb_hash(&hashed, data.pointee, length, type)
            if code == 0, git_oid_equal(&hashed, id) != 0 { return 0 }
            git_odb_backend_data_free(inner, data.pointee)
            data.pointee = nil
            if code < 0 { return code }
            git_error_set_str(Int32(GIT_ERROR_ODB.rawValue),
                              "object hash mismatch - expected \(ObjectID(id.pointee).hex) but got \(ObjectID(hashed).hex)")
            return GIT_EMISMATCH.rawValue
        }
    }

    typealias Storage = CallbackStructure<git_odb_backend, State>

    static func allocate(wrapping inner: UnsafeMutablePointer<git_odb_backend>, folder: String)
        -> UnsafeMutablePointer<git_odb_backend> {
        var structure = git_odb_backend()
        git_odb_init_backend(&structure, UInt32(GIT_ODB_BACKEND_VERSION))
        structure.read = { data, length, type, backend, id in
            guard let data, let length, let type, let backend, let id else { return -1 }
            return Storage.state(of: backend).read(data, length, type, id)
        }
        structure.read_prefix = { full, data, length, type, backend, prefix, prefixLength in
            guard let full, let data, let length, let type, let backend else { return -1 }
            let state = Storage.state(of: backend)
            guard let existsPrefix = state.inner.pointee.exists_prefix else { return GIT_ENOTFOUND.rawValue }
            let found = existsPrefix(full, state.inner, prefix, prefixLength)
            guard found == 0 else { return found }
            return state.read(data, length, type, full)
        }
        structure.read_header = { length, type, backend, id in
            guard let backend else { return -1 }
            let inner = Storage.state(of: backend).inner
            guard let readHeader = inner.pointee.read_header else { return GIT_ENOTFOUND.rawValue }
            return readHeader(length, type, inner, id)
        }
        structure.exists = { backend, id in
            guard let backend else { return 0 }
            let inner = Storage.state(of: backend).inner
            return inner.pointee.exists?(inner, id) ?? 0
        }
        structure.exists_prefix = { full, backend, prefix, prefixLength in
            guard let backend else { return -1 }
            let inner = Storage.state(of: backend).inner
            return inner.pointee.exists_prefix?(full, inner, prefix, prefixLength) ?? GIT_ENOTFOUND.rawValue
        }
        // libgit2's own loose backend lists these objects already; `git_odb_foreach` calls every
        // backend's function without checking that it has one.
        structure.foreach = { _, _, _ in 0 }
        structure.free = { backend in
            if let backend { VerifyingBackend.free(backend) }
        }
        return Storage.allocate(structure, state: State(inner: inner, folder: folder))
    }

    /// Frees the wrapped backend, then the wrapper.
    static func free(_ backend: UnsafeMutablePointer<git_odb_backend>) {
        let inner = Storage.state(of: backend).inner
        inner.pointee.free?(inner)
        Storage.free(backend)
    }
}
