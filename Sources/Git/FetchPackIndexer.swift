import CLibGit2

/// Indexes the pack a fetch receives into the repository's `objects/pack` with libgit2's own
/// indexer, as libgit2's pack backend does (the same folder, file mode and progress callback), but
/// keeps the part of the pack that the indexer maps resident bounded.
///
/// Why. libgit2 1.5's indexer resolves a pack's deltas only after the whole pack has arrived
/// (`git_indexer_commit`), reading the pack through mapped windows. Every `git_indexer_append`
/// unmaps them with `git_mwindow_free_all`, which also takes the pack off the list of files whose
/// windows the mapped-memory limit (`GIT_OPT_SET_MWINDOW_MAPPED_LIMIT`) may close; so after the
/// last append nothing unmaps a window until the pack is complete, whatever the limits say, and
/// every page that delta resolution reads stays resident: 180 MB of a 387 MB pack of 453,812
/// objects (docs/performance.md).
///
/// How. This object-database backend takes the fetch's pack (`git_odb_write_pack` asks the
/// backend of highest priority) and drives the indexer itself, receiving its progress callbacks and
/// forwarding each to the fetch's. While deltas are resolved the indexer reports progress after each
/// delta, at a point where it holds no window; every `deltasPerRelease` deltas the backend then
/// appends zero bytes, which writes nothing and unmaps the pack's windows (the next read maps what
/// it needs again). That append gets a progress record counting every object as indexed, so it does
/// not go on to parse objects the commit is still resolving. Should such an append ever fail, the
/// backend stops unmapping and the indexer carries on as libgit2's own would.
///
/// Installed on one repository handle (`install(into:settings:)`), the one a fetch writes through;
/// reading objects is untouched.
enum FetchPackIndexer {
    /// How often the incoming pack is unmapped.
    struct Settings: Sendable {
        /// Deltas resolved between two unmappings of the incoming pack. Mapping a window again
        /// costs a system call and minor page faults on pages still in the page cache; a few
        /// thousand deltas read a few MB of a pack like the benchmark's.
        var deltasPerRelease: Int
        /// Called after each unmapping (tests count them).
        var onRelease: (@Sendable () -> Void)?

        static let standard = Settings(deltasPerRelease: 2_048, onRelease: nil)
    }

    /// Above libgit2's pack (2) and loose (1) backends: `git_odb_write_pack` takes the first backend
    /// that writes packs.
    static let priority: Int32 = 10

    /// Adds the backend to `repository`'s object database; later fetches through this handle index
    /// their packs with it.
    static func install(into repository: OpaquePointer, settings: Settings = .standard) throws(GitError) {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check(git_repository_item_path(&buffer, repository, GIT_REPOSITORY_ITEM_OBJECTS), "find the objects folder")
        let folder = (buffer.ptr.map { string(from: $0) } ?? "objects/") + "pack"

        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository), "open the object database")
        defer { git_odb_free(odb) }

        let backend = Backend.allocate(state: BackendState(packFolder: folder, settings: settings))
        let added = git_odb_add_backend(odb, backend, priority)
        if added < 0 {
            let failure = LibraryFailure(code: added)
            Backend.Storage.free(backend)
            throw failure.error("add the fetch pack indexer")
        }
    }
}

/// What the backend knows: where packs go and how often to unmap.
private final class BackendState {
    let packFolder: String
    let settings: FetchPackIndexer.Settings

    init(packFolder: String, settings: FetchPackIndexer.Settings) {
        self.packFolder = packFolder
        self.settings = settings
    }
}

/// One pack being written: the indexer and the fetch's own progress callback.
private final class WritepackState {
    var indexer: OpaquePointer?
    let forward: git_indexer_progress_cb?
    let forwardPayload: UnsafeMutableRawPointer?
    let settings: FetchPackIndexer.Settings
    /// Set while `git_indexer_commit` runs: its progress callbacks come from delta resolution.
    var committing = false
    var deltasSinceRelease = 0
    /// Cleared for good when an unmapping fails (the indexer then runs as libgit2's own would).
    var releasing = true

    init(forward: git_indexer_progress_cb?, forwardPayload: UnsafeMutableRawPointer?, settings: FetchPackIndexer.Settings) {
        self.forward = forward
        self.forwardPayload = forwardPayload
        self.settings = settings
    }

    /// Called by the indexer after each object it stores or each delta it resolves.
    func progress(_ stats: UnsafePointer<git_indexer_progress>?) -> Int32 {
        let result = forward.map { $0(stats, forwardPayload) } ?? 0
        guard result == 0, committing, releasing, let indexer else { return result }
        deltasSinceRelease += 1
        if deltasSinceRelease >= max(1, settings.deltasPerRelease) {
            deltasSinceRelease = 0
            var everything = git_indexer_progress()
            everything.indexed_objects = UInt32.max
            var nothing: UInt8 = 0
            if git_indexer_append(indexer, &nothing, 0, &everything) < 0 {
                releasing = false
                git_error_clear()
            } else {
                settings.onRelease?()
            }
        }
        return 0
    }
}

/// The backend libgit2 holds (`CallbackStructure`, its state the `BackendState`).
private enum Backend {
    typealias Storage = CallbackStructure<git_odb_backend, BackendState>

    static func allocate(state: BackendState) -> UnsafeMutablePointer<git_odb_backend> {
        var structure = git_odb_backend()
        git_odb_init_backend(&structure, UInt32(GIT_ODB_BACKEND_VERSION))
        structure.writepack = { out, backend, odb, progress, payload in
            guard let out, let backend else { return -1 }
            return Writepack.open(out, backend: backend, odb: odb, state: Storage.state(of: backend),
                                  progress: progress, payload: payload)
        }
        // It holds no objects; `git_odb_foreach` is the one reader that calls a backend's function
        // without checking that it has one.
        structure.foreach = { _, _, _ in 0 }
        structure.free = { backend in
            if let backend { Storage.free(backend) }
        }
        return Storage.allocate(structure, state: state)
    }
}

/// The pack writer libgit2 holds while a fetch's pack arrives (`CallbackStructure`, its state the
/// `WritepackState`).
private enum Writepack {
    typealias Storage = CallbackStructure<git_odb_writepack, WritepackState>

    static func open(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_odb_writepack>?>,
                     backend: UnsafeMutablePointer<git_odb_backend>, odb: OpaquePointer?, state backendState: BackendState,
                     progress: git_indexer_progress_cb?, payload: UnsafeMutableRawPointer?) -> Int32 {
        out.pointee = nil
        let state = WritepackState(forward: progress, forwardPayload: payload, settings: backendState.settings)
        var options = git_indexer_options()
        git_indexer_options_init(&options, UInt32(GIT_INDEXER_OPTIONS_VERSION))
        options.progress_cb = { stats, payload in
            guard let payload else { return 0 }
            return Unmanaged<WritepackState>.fromOpaque(payload).takeUnretainedValue().progress(stats)
        }
        options.progress_cb_payload = Unmanaged.passUnretained(state).toOpaque()
        var indexer: OpaquePointer?
        let code = git_indexer_new(&indexer, backendState.packFolder, 0, odb, &options)
        guard code >= 0 else { return code }
        state.indexer = indexer

        out.pointee = Storage.allocate(git_odb_writepack(
            backend: backend,
            append: { writepack, data, size, stats in
                guard let writepack, let indexer = Storage.state(of: writepack).indexer else { return -1 }
                return git_indexer_append(indexer, data, size, stats)
            },
            commit: { writepack, stats in
                guard let writepack else { return -1 }
                let state = Storage.state(of: writepack)
                guard let indexer = state.indexer else { return -1 }
                state.committing = true
                defer { state.committing = false }
                return git_indexer_commit(indexer, stats)
            },
            free: { writepack in
                guard let writepack else { return }
                git_indexer_free(Storage.state(of: writepack).indexer)
                Storage.free(writepack)
            }), state: state)
        return 0
    }
}
