import CLibGit2
import Foundation

/// A git repository on disk (bare or with a work tree), read and written through libgit2.
///
/// Not `Sendable`: a `Repository` and everything borrowed from it stay on the thread that uses
/// them. Values it returns (`ObjectID`, `TreeEntry`, `CommitInfo`, …) are copies and may travel.
public final class Repository {
    /// The default branch HEAD points to in repositories this module creates.
    public static let initialBranch = "main"

    let handle: GitHandle
    private var cachedObjectDatabase: GitHandle?

    /// The git directory: the repository folder for a bare repository, `<work tree>/.git` otherwise.
    public let path: String

    private init(handle: GitHandle) {
        self.handle = handle
        path = handle.withPointer { repository in
            let raw = string(from: git_repository_path(repository))
            return raw.count > 1 && raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        }
    }

    /// Opens the repository at exactly `path` (a bare repository, a work tree, or its `.git` folder).
    ///
    /// Parent folders are never searched, so a damaged mirror inside some other checkout is
    /// reported as missing instead of silently opening the outer repository.
    public static func open(at path: String) throws -> Repository {
        GitLibrary.initialize()
        let handle = try GitHandle("open repository '\(path)'", release: { git_repository_free($0) }, interpret: {
            if $0.has(GIT_ENOTFOUND) { return .repositoryNotFound(path: path) }
            // Ownership and permission problems are not damage: the repository must not be replaced.
            if $0.has(GIT_EOWNER) || $0.isClass(GIT_ERROR_OS) { return nil }
            return .corrupt(path: path, message: $0.message)
        }) { out in
            git_repository_open_ext(&out, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        }
        try handle.withPointer { try LooseObjectVerification.install(into: $0) }
        return Repository(handle: handle)
    }

    /// Creates an empty bare repository at `path` (parent folders included) with HEAD on `main`.
    public static func initBare(at path: String) throws -> Repository {
        try initialize(at: path, bare: true)
    }

    /// Creates an empty repository with a work tree at `path`, HEAD on `main`.
    public static func initWorkTree(at path: String) throws -> Repository {
        try initialize(at: path, bare: false)
    }

    private static func initialize(at path: String, bare: Bool) throws -> Repository {
        GitLibrary.initialize()
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
                  "initialize repository options")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        if bare { options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue }
        let handle = try initialBranch.withCString { head in
            options.initial_head = head
            return try GitHandle("create repository at '\(path)'", release: { git_repository_free($0) }) { out in
                git_repository_init_ext(&out, path, &options)
            }
        }
        try handle.withPointer { try LooseObjectVerification.install(into: $0) }
        return Repository(handle: handle)
    }

    /// Whether the repository has no work tree.
    public var isBare: Bool {
        handle.withPointer { git_repository_is_bare($0) == 1 }
    }

    /// The work tree folder, nil for a bare repository.
    public var workDirectory: String? {
        handle.withPointer { repository in
            optionalString(from: git_repository_workdir(repository)).map {
                $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0
            }
        }
    }

    /// Reads HEAD, every reference and the object database, so a damaged repository fails here
    /// rather than halfway through a crawl.
    public func verify() throws {
        try handle.withPointer { (repository) throws(GitError) in
            var head: OpaquePointer?
            let code = git_reference_lookup(&head, repository, "HEAD")
            if code < 0 {
                throw GitError.corrupt(path: path, message: LibraryFailure(code: code).message)
            }
            git_reference_free(head)
        }
        _ = try objectDatabase()
        do {
            _ = try references()
        } catch let error as GitError {
            if case .corrupt = error { throw error }
            throw GitError.corrupt(path: path, message: error.description)
        }
    }

    /// The object database, opened once per repository.
    func objectDatabase() throws(GitError) -> GitHandle {
        if let cachedObjectDatabase { return cachedObjectDatabase }
        let database = try handle.withPointer { (repository) throws(GitError) in
            try GitHandle("open object database", release: { git_odb_free($0) }, interpret: { [path] in
                .corrupt(path: path, message: $0.message)
            }) { out in git_repository_odb(&out, repository) }
        }
        cachedObjectDatabase = database
        return database
    }
}
