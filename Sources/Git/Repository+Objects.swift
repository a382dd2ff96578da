import CLibGit2
import Foundation

extension Repository {
    /// The kind and size of an object, read from its header without inflating its content.
    func objectHeader(_ id: ObjectID) throws(GitError) -> (type: git_object_t, size: Int) {
        let database = try objectDatabase()
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        try database.withPointer { (database) throws(GitError) in
            try check(git_odb_read_header(&size, &type, database, &oid), "read object \(id.short)") { [path] in
                if $0.has(GIT_ENOTFOUND) { return .notFound(what: "object \(id.hex)") }
                if $0.isClass(GIT_ERROR_ZLIB) || $0.isClass(GIT_ERROR_ODB) || $0.has(GIT_EMISMATCH) {
                    return .corrupt(path: path, message: $0.message)
                }
                return nil
            }
        }
        return (type, size)
    }

    /// Looks up an object; with `checkingKind`, a wrong kind is reported as such. Callers that
    /// already know the kind (a tree entry's mode says it) need no check.
    ///
    /// The check costs nothing when the object is there with the kind asked for (nearly always): the
    /// object is looked up first, and only when that fails is its header read, which says why as it
    /// did before the lookup — a missing or unreadable object, or one of another kind — and when
    /// the header is fine the lookup is tried again for its own error.
    func lookup(_ id: ObjectID, as type: git_object_t, checkingKind: Bool = true) throws(GitError) -> GitHandle {
        if checkingKind {
            if let found = try? lookupObject(id, as: type) { return found }
            let header = try objectHeader(id)
            guard header.type == type else {
                throw GitError.wrongObjectKind(what: "object \(id.hex)", expected: Self.name(of: type),
                                               actual: Self.name(of: header.type))
            }
        }
        return try lookupObject(id, as: type)
    }

    /// Looks up an object of kind `type`, failing on any other kind without saying so.
    private func lookupObject(_ id: ObjectID, as type: git_object_t) throws(GitError) -> GitHandle {
        var oid = id.oid
        return try handle.withPointer { (repository) throws(GitError) in
            try GitHandle("read object \(id.short)", release: { git_object_free($0) }, interpret: { [path] in
                $0.has(GIT_ENOTFOUND) ? .notFound(what: "object \(id.hex)") : .corrupt(path: path, message: $0.message)
            }) { out in git_object_lookup(&out, repository, &oid, type) }
        }
    }

    static func name(of type: git_object_t) -> String {
        optionalString(from: git_object_type2string(type)) ?? "object"
    }

    /// The content of a blob, or `.tooLarge` (without reading it) when it exceeds `maxSize` bytes.
    public func readBlob(_ id: ObjectID, maxSize: Int) throws -> BlobContent {
        let header = try objectHeader(id)
        guard header.type == GIT_OBJECT_BLOB else {
            throw GitError.wrongObjectKind(what: "object \(id.hex)", expected: "blob", actual: Self.name(of: header.type))
        }
        guard header.size <= maxSize else { return .tooLarge(size: header.size) }
        // The header just read says it is a blob: no second header read.
        let blob = try lookup(id, as: GIT_OBJECT_BLOB, checkingKind: false)
        return blob.withPointer { blob in
            let size = Int(git_blob_rawsize(blob))
            guard size <= maxSize else { return .tooLarge(size: size) }
            guard size > 0, let content = git_blob_rawcontent(blob) else { return .bytes([]) }
            return .bytes(Array(UnsafeRawBufferPointer(start: content, count: size)))
        }
    }

    /// Tree, committer time, parents, summary and author of a commit.
    public func commitInfo(_ id: ObjectID) throws -> CommitInfo {
        let commit = try lookup(id, as: GIT_OBJECT_COMMIT)
        return commit.withPointer { commit in
            var parents: [ObjectID] = []
            for index in 0..<git_commit_parentcount(commit) {
                if let parent = ObjectID(git_commit_parent_id(commit, index)) { parents.append(parent) }
            }
            let summary = optionalString(from: git_commit_summary(commit)) ?? ""
            let author = git_commit_author(commit).flatMap { optionalString(from: $0.pointee.name) } ?? ""
            return CommitInfo(
                id: id,
                tree: ObjectID(git_commit_tree_id(commit).pointee),
                time: Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit))),
                parents: parents,
                summary: summary,
                author: author)
        }
    }

    /// The id of the entry at `path` in a tree (any kind, directories included), nil when absent.
    public func entryID(atPath path: String, inTree tree: ObjectID) throws -> ObjectID? {
        let treeHandle = try lookup(tree, as: GIT_OBJECT_TREE)
        return try treeHandle.withPointer { (tree) throws(GitError) in
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, tree, path)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try check(code, "find '\(path)' in tree")
            guard let entry else { return nil }
            let owned = GitHandle(entry, release: { git_tree_entry_free($0) })
            return owned.withPointer { ObjectID(git_tree_entry_id($0).pointee) }
        }
    }

    /// Commits on the first-parent chain from `tip` (newest first) whose version of `path` differs
    /// from their first parent's: at most `limit` changes, looking at most at `maxCommits` commits.
    /// A deletion is reported with a nil blob; the root commit counts as adding what it contains.
    public func fileHistory(path: String, from tip: ObjectID, limit: Int, maxCommits: Int = 10_000) throws -> [FileRevision] {
        var revisions: [FileRevision] = []
        var commit = try commitInfo(tip)
        var version = try entryID(atPath: path, inTree: commit.tree)
        var examined = 0
        while revisions.count < limit, examined < maxCommits {
            examined += 1
            guard let parentID = commit.parents.first else {
                if version != nil { revisions.append(FileRevision(commit: commit.id, time: commit.time, blob: version)) }
                break
            }
            let parent = try commitInfo(parentID)
            let parentVersion = try entryID(atPath: path, inTree: parent.tree)
            if version != parentVersion {
                revisions.append(FileRevision(commit: commit.id, time: commit.time, blob: version))
            }
            commit = parent
            version = parentVersion
        }
        return revisions
    }
}
