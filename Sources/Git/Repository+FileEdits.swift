import CLibGit2
import Foundation

extension Repository {
    /// Writes a commit whose tree is `parent`'s tree with the files at `replacements` given new content,
    /// and returns its id. Only the blobs and the trees on the way to them are new; every other entry,
    /// and each replaced file's mode, is the parent's. No reference, index or work tree is touched.
    ///
    /// - Parameters:
    ///   - replacements: new content by repository-relative path; each path must name a file of the parent.
    ///   - parent: the commit the new one follows.
    ///   - author: "Name <email>"; used as author and committer.
    ///   - date: author and committer time (UTC).
    public func commit(replacing replacements: [String: [UInt8]], after parent: ObjectID, message: String,
                       author: String, date: Date) throws -> ObjectID {
        let base = try commitInfo(parent)
        var changes: [[String]: [UInt8]] = [:]
        for (path, bytes) in replacements {
            changes[path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)] = bytes
        }
        let tree = try rewriteTree(base.tree, changes: changes, prefix: "")
        return try writeCommit(tree: tree, parents: [parent], message: message, author: author, date: date,
                               activity: "write commit after \(parent.short)")
    }

    /// The tree `tree` with `changes` (paths split into components, relative to this tree) written in.
    private func rewriteTree(_ tree: ObjectID, changes: [[String]: [UInt8]], prefix: String) throws -> ObjectID {
        let source = try lookup(tree, as: GIT_OBJECT_TREE)
        let builder = try handle.withPointer { (repository) throws(GitError) in
            try source.withPointer { (sourceTree) throws(GitError) in
                try GitHandle("build tree", release: { git_treebuilder_free($0) }) { out in
                    git_treebuilder_new(&out, repository, sourceTree)
                }
            }
        }
        var files: [String: [UInt8]] = [:]
        var folders: [String: [[String]: [UInt8]]] = [:]
        for (components, bytes) in changes {
            guard let first = components.first else { continue }
            if components.count == 1 {
                files[first] = bytes
            } else {
                folders[first, default: [:]][Array(components.dropFirst())] = bytes
            }
        }
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let (_, mode) = try existingEntry(name, in: builder, path: prefix + name)
            guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE else {
                throw GitError.invalidPath(path: prefix + name, reason: "not a regular file in the parent commit")
            }
            try insert(try writeBlob(bytes), named: name, mode: mode, into: builder, doing: "replace '\(prefix + name)'")
        }
        for (name, nested) in folders.sorted(by: { $0.key < $1.key }) {
            let (id, mode) = try existingEntry(name, in: builder, path: prefix + name)
            guard mode == GIT_FILEMODE_TREE else {
                throw GitError.invalidPath(path: prefix + name, reason: "not a folder in the parent commit")
            }
            try insert(try rewriteTree(id, changes: nested, prefix: prefix + name + "/"), named: name,
                       mode: GIT_FILEMODE_TREE, into: builder, doing: "replace '\(prefix + name)'")
        }
        return try write(builder)
    }

    /// The id and mode of the entry `name` of a tree being rebuilt; a missing entry is an invalid path.
    private func existingEntry(_ name: String, in builder: GitHandle, path: String) throws -> (ObjectID, git_filemode_t) {
        let found: (ObjectID, git_filemode_t)? = builder.withPointer { builder in
            guard let entry = git_treebuilder_get(builder, name) else { return nil }
            return (ObjectID(git_tree_entry_id(entry).pointee), git_tree_entry_filemode(entry))
        }
        guard let found else { throw GitError.invalidPath(path: path, reason: "not in the parent commit") }
        return found
    }
}
