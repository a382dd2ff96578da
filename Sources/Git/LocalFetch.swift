import CLibGit2
import Foundation

/// Fetches branches from a repository on this machine (a path or `file://` URL) object by object.
///
/// libgit2's own local transport packs the objects of *every* reference the source has (tags,
/// `refs/pull/*`, …) even when the refspecs ask for a few branches; for a large air-gapped mirror
/// that copies far more than the census reads. This walks only the requested branch tips, hides
/// what the destination already has, and writes one pack with just those objects.
enum LocalFetch {
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

        let destinationTips = try catching { try destination.localBranches() }
        let sourceDatabase = try source.objectDatabase()
        let pack = try source.handle.withPointer { (repository) throws(GitError) in
            try GitHandle("prepare pack", release: { git_packbuilder_free($0) }) { out in git_packbuilder_new(&out, repository) }
        }
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
        try pack.withPointer { (pack) throws(GitError) in
            try walk.withPointer { (walk) throws(GitError) in
                try check(git_packbuilder_insert_walk(pack, walk), "collect objects")
            }
            if state.continueIfInTime() != 0 {
                throw GitError.timeout(url: URLRedaction.redact(url), seconds: state.timeoutSeconds)
            }
            guard git_packbuilder_object_count(pack) > 0 else { return }
            let packFolder = try objectsFolder(of: destination) + "/pack"
            let code = withExtendedLifetime(state) {
                git_packbuilder_write(pack, packFolder, 0, { _, payload in
                    guard let payload else { return 0 }
                    return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().continueIfInTime()
                }, Unmanaged.passUnretained(state).toOpaque())
            }
            if code < 0, state.deadlinePassed {
                throw GitError.timeout(url: URLRedaction.redact(url), seconds: state.timeoutSeconds)
            }
            try check(code, "write pack into '\(destination.path)'")
        }
        try destination.objectDatabase().withPointer { (database) throws(GitError) in
            try check(git_odb_refresh(database), "reload objects")
        }
        for (name, tip) in wanted {
            try catching { try destination.setReference(Repository.branchPrefix + name, to: tip) }
        }
        return Set(advertised.keys)
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
