import CLibGit2

extension Repository {
    /// Every file, symlink and submodule below a tree, straight from the object database.
    ///
    /// - Parameters:
    ///   - tree: the tree to walk (a commit's root tree, or any subtree).
    ///   - prefix: path of `tree` inside the repository ("" for a root tree), prepended to every path,
    ///     so a subtree walked on its own reports the same paths as when reached from the root.
    ///   - visitSubtree: asked before descending into each directory with its path and tree id;
    ///     returning false skips it. A caller can thereby cache the entries found under a tree id
    ///     and skip subtrees whose id it has already seen.
    ///   - include: asked for each file and symlink path; only accepted ones are returned.
    ///     Submodules are always returned (they are never followed), whatever `include` says.
    /// - Returns: entries in a fixed order (a directory's own entries in name order, then those of its
    ///   subdirectories, depth first). Symlinks and submodules are reported with their
    ///   kind and never followed; entries whose names cannot form a path ("", ".", "..", names with
    ///   "/") are reported as `.unusableName` whatever their mode and `include`, and never descended into.
    public func walkTree(
        _ tree: ObjectID,
        under prefix: String = "",
        visitSubtree: (_ path: String, _ id: ObjectID) -> Bool = { _, _ in true },
        include: (_ path: String) -> Bool
    ) throws -> [TreeEntry] {
        var entries: [TreeEntry] = []
        var pending: [(path: String, id: ObjectID)] = [(prefix, tree)]
        var isRoot = true
        // An explicit stack: deep trees cannot overflow the thread's stack, and only one tree
        // object is held at a time.
        while let directory = pending.popLast() {
            var subtrees: [(path: String, id: ObjectID)] = []
            for entry in try directoryEntries(directory.id, checkingKind: isRoot) {
                let path = directory.path.isEmpty ? entry.name : directory.path + "/" + entry.name
                // Reported rather than dropped, so that a crafted tree cannot hide files silently.
                guard Self.isUsableName(entry.name) else {
                    entries.append(TreeEntry(path: path, id: entry.id, kind: .unusableName))
                    continue
                }
                switch entry.mode {
                case GIT_FILEMODE_TREE:
                    subtrees.append((path, entry.id))
                case GIT_FILEMODE_COMMIT:
                    entries.append(TreeEntry(path: path, id: entry.id, kind: .submodule))
                default:
                    if include(path) { entries.append(TreeEntry(path: path, id: entry.id, kind: Self.kind(of: entry.mode))) }
                }
            }
            isRoot = false
            for subtree in subtrees.reversed() where visitSubtree(subtree.path, subtree.id) {
                pending.append(subtree)
            }
        }
        return entries
    }

    /// The entries of one tree, in tree order, unusable names included; `checkingKind` first checks
    /// that the object is a tree (for ids that come from outside a tree walk).
    func directoryEntries(_ tree: ObjectID,
                          checkingKind: Bool) throws -> [(name: String, id: ObjectID, mode: git_filemode_t)] {
        let treeHandle = try lookup(tree, as: GIT_OBJECT_TREE, checkingKind: checkingKind)
        return treeHandle.withPointer { tree in
            var entries: [(name: String, id: ObjectID, mode: git_filemode_t)] = []
            entries.reserveCapacity(git_tree_entrycount(tree))
            for index in 0..<git_tree_entrycount(tree) {
                guard let entry = git_tree_entry_byindex(tree, index),
                      let name = optionalString(from: git_tree_entry_name(entry)) else { continue }
                entries.append((name, ObjectID(git_tree_entry_id(entry).pointee), git_tree_entry_filemode(entry)))
            }
            return entries
        }
    }

    /// The entry kind of a non-directory file mode.
    static func kind(of mode: git_filemode_t) -> EntryKind {
        switch mode {
        case GIT_FILEMODE_COMMIT: .submodule
        case GIT_FILEMODE_LINK: .symlink
        case GIT_FILEMODE_BLOB_EXECUTABLE: .executable
        default: .blob
        }
    }

    /// Whether a tree entry's name can be one component of a path.
    static func isUsableName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.utf8.contains(UInt8(ascii: "/"))
    }
}
