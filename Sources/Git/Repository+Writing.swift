import CLibGit2
import Foundation

extension Repository {
    /// Writes a commit whose tree holds exactly `files` (nested folders built from the paths) and
    /// moves `refs/heads/<branch>` to it; no index or work tree is touched.
    ///
    /// - Parameters:
    ///   - files: content by repository-relative path ("eng/docker/Dockerfile").
    ///   - author: "Name <email>" or just a name; used as author and committer.
    ///   - date: author and committer time (UTC).
    ///   - parents: the parents; nil means the branch's current tip (none for a new branch).
    /// - Returns: the new commit's id.
    @discardableResult
    public func commit(
        files: [String: FileContent], on branch: String, message: String,
        author: String = "Census Fixture <fixture@census.invalid>", date: Date,
        parents: [ObjectID]? = nil
    ) throws -> ObjectID {
        try Self.validateBranchName(branch)
        let tree = try writeTree(TreeNode(files: files))
        let parentIDs = try parents ?? (reference(Self.branchPrefix + branch).map { [$0] } ?? [])
        let id = try writeCommit(tree: tree, parents: parentIDs, message: message, author: author, date: date,
                                 activity: "write commit on '\(branch)'")
        try setReference(Self.branchPrefix + branch, to: id)
        return id
    }

    /// Writes a commit of `tree` with `parents` (no reference moves) and returns its id; `author` is
    /// author and committer.
    func writeCommit(tree: ObjectID, parents parentIDs: [ObjectID], message: String, author: String, date: Date,
                     activity: String) throws -> ObjectID {
        let parentHandles = try parentIDs.map { try lookup($0, as: GIT_OBJECT_COMMIT) }
        let treeHandle = try lookup(tree, as: GIT_OBJECT_TREE)
        let signature = try Self.signature(author, date: date)
        var commitOID = git_oid()
        try handle.withPointer { (repository) throws(GitError) in
            try treeHandle.withPointer { (tree) throws(GitError) in
                try signature.withPointer { (signature) throws(GitError) in
                    // Parent pointers stay valid: `parentHandles` lives until the end of this scope.
                    var parentPointers: [OpaquePointer?] = parentHandles.map { $0.withPointer { $0 } }
                    let code = parentPointers.withUnsafeMutableBufferPointer { buffer in
                        git_commit_create(
                            &commitOID, repository, nil,
                            UnsafePointer(signature), UnsafePointer(signature), "UTF-8", message,
                            tree, parentHandles.count, buffer.baseAddress)
                    }
                    try check(code, activity)
                }
            }
        }
        withExtendedLifetime(parentHandles) {}
        return ObjectID(commitOID)
    }

    /// Creates an annotated tag object `refs/tags/<name>` pointing at `target`.
    @discardableResult
    public func createAnnotatedTag(
        _ name: String, target: ObjectID, message: String,
        tagger: String = "Census Fixture <fixture@census.invalid>", date: Date
    ) throws -> ObjectID {
        let targetHandle = try lookup(target, as: try objectHeader(target).type)
        let signature = try Self.signature(tagger, date: date)
        var tagOID = git_oid()
        try handle.withPointer { (repository) throws(GitError) in
            try targetHandle.withPointer { (target) throws(GitError) in
                try signature.withPointer { (signature) throws(GitError) in
                    try check(git_tag_create(&tagOID, repository, name, target, UnsafePointer(signature), message, 1),
                              "create tag '\(name)'") {
                        $0.has(GIT_EINVALIDSPEC) ? .invalidReferenceName(name) : nil
                    }
                }
            }
        }
        return ObjectID(tagOID)
    }

    /// Writes a blob and returns its id.
    @discardableResult
    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        try handle.withPointer { (repository) throws(GitError) in
            let code = bytes.withUnsafeBytes { git_blob_create_from_buffer(&oid, repository, $0.baseAddress, $0.count) }
            try check(code, "write blob")
        }
        return ObjectID(oid)
    }

    private func writeTree(_ node: TreeNode) throws -> ObjectID {
        let builder = try handle.withPointer { (repository) throws(GitError) in
            try GitHandle("build tree", release: { git_treebuilder_free($0) }) { out in
                git_treebuilder_new(&out, repository, nil)
            }
        }
        for (name, child) in node.children {
            let (id, mode): (ObjectID, git_filemode_t)
            switch child {
            case .directory(let directory):
                (id, mode) = (try writeTree(directory), GIT_FILEMODE_TREE)
            case .file(.text(let text)):
                (id, mode) = (try writeBlob(Array(text.utf8)), GIT_FILEMODE_BLOB)
            case .file(.bytes(let bytes)):
                (id, mode) = (try writeBlob(bytes), GIT_FILEMODE_BLOB)
            case .file(.executable(let text)):
                (id, mode) = (try writeBlob(Array(text.utf8)), GIT_FILEMODE_BLOB_EXECUTABLE)
            case .file(.symlink(let target)):
                (id, mode) = (try writeBlob(Array(target.utf8)), GIT_FILEMODE_LINK)
            case .file(.submodule(let commit)):
                (id, mode) = (commit, GIT_FILEMODE_COMMIT)
            }
            try insert(id, named: name, mode: mode, into: builder, doing: "add '\(name)' to tree")
        }
        return try write(builder)
    }

    /// Puts `id` under `name` with `mode` in a tree being built (replacing an entry of that name).
    func insert(_ id: ObjectID, named name: String, mode: git_filemode_t, into builder: GitHandle,
                doing action: String) throws(GitError) {
        var oid = id.oid
        try builder.withPointer { (builder) throws(GitError) in
            try check(git_treebuilder_insert(nil, builder, name, &oid, mode), action)
        }
    }

    /// Writes a tree being built into the object database.
    func write(_ builder: GitHandle) throws(GitError) -> ObjectID {
        var treeOID = git_oid()
        try builder.withPointer { (builder) throws(GitError) in
            try check(git_treebuilder_write(&treeOID, builder), "write tree")
        }
        return ObjectID(treeOID)
    }

    static func signature(_ person: String, date: Date) throws(GitError) -> GitHandle {
        var name = person.trimmingCharacters(in: .whitespaces)
        var email = "fixture@census.invalid"
        if let open = person.lastIndex(of: "<"), let close = person.lastIndex(of: ">"), open < close {
            email = String(person[person.index(after: open)..<close])
            name = person[..<open].trimmingCharacters(in: .whitespaces)
        }
        let seconds = git_time_t(date.timeIntervalSince1970.rounded(.down))
        return try GitHandle("create signature for '\(name)'", release: { git_signature_free(UnsafeMutablePointer($0)) }) { out in
            var signature: UnsafeMutablePointer<git_signature>?
            let code = git_signature_new(&signature, name, email, seconds, 0)
            out = signature.map(OpaquePointer.init)
            return code
        }
    }
}

/// A folder of files to write, built from slash-separated paths.
private struct TreeNode {
    enum Child {
        case file(FileContent)
        case directory(TreeNode)
    }

    var children: [String: Child] = [:]

    init() {}

    init(files: [String: FileContent]) throws(GitError) {
        for (path, content) in files.sorted(by: { $0.key < $1.key }) {
            let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            for component in components {
                if component.isEmpty { throw GitError.invalidPath(path: path, reason: "empty path component") }
                if component == "." || component == ".." {
                    throw GitError.invalidPath(path: path, reason: "'\(component)' is not a file name")
                }
                if component.lowercased() == ".git" { throw GitError.invalidPath(path: path, reason: "'.git' is reserved") }
                if component.utf8.contains(0) { throw GitError.invalidPath(path: path, reason: "NUL in name") }
            }
            try insert(content, at: components[...], fullPath: path)
        }
    }

    private mutating func insert(_ content: FileContent, at components: ArraySlice<String>, fullPath: String) throws(GitError) {
        guard let name = components.first else { return }
        if components.count == 1 {
            if children[name] != nil {
                throw GitError.invalidPath(path: fullPath, reason: "'\(name)' is also a folder")
            }
            children[name] = .file(content)
            return
        }
        var directory: TreeNode
        switch children[name] {
        case .file?:
            throw GitError.invalidPath(path: fullPath, reason: "'\(name)' is also a file")
        case .directory(let existing)?:
            directory = existing
        case nil:
            directory = TreeNode()
        }
        try directory.insert(content, at: components.dropFirst(), fullPath: fullPath)
        children[name] = .directory(directory)
    }
}
