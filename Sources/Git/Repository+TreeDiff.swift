import CLibGit2

/// One difference between two trees, as `Repository.changes(from:to:include:)` reports it.
public enum TreeChange: Sendable, Hashable {
    /// Whatever the old tree held at `path` — a file, link, submodule or a whole directory — is gone
    /// or replaced; everything at or below `path` from the old tree no longer applies.
    case removed(path: String)
    /// An entry of the new tree that the old tree did not have with this id and kind.
    case present(TreeEntry)
}

extension Repository {
    /// What differs between two trees, reading only the subtrees whose ids differ: two release
    /// branches that share most of their files cost the trees along the changed paths, not a walk.
    ///
    /// A path that changed is reported as `.removed` (when the old tree had a directory, a submodule,
    /// or a file or link `include` accepts there — what a walk with the same `include` listed) followed
    /// by `.present` for what the new tree holds there (when `include` accepts it; submodules always).
    /// A directory new in `new` is walked whole. Names that cannot form a path are reported as
    /// `.unusableName` entries and never descended into, as in `walkTree`. Changes come in no
    /// particular order; each path appears at most once per case.
    ///
    /// The old tree's side is read through `oldRepository` when given (another handle on the same
    /// repository, opened on this thread): a caller comparing many trees with one base keeps a handle
    /// whose cache then holds the base's trees only.
    public func changes(from old: ObjectID, in oldRepository: Repository? = nil, to new: ObjectID,
                        include: (_ path: String) -> Bool) throws -> [TreeChange] {
        var changes: [TreeChange] = []
        var pending: [(path: String, old: ObjectID, new: ObjectID)] = old == new ? [] : [("", old, new)]
        while let pair = pending.popLast() {
            let (differing, removed) = try differingEntries(pair.old, in: oldRepository ?? self, pair.new,
                                                            checkingKind: pair.path.isEmpty)
            for (name, mode) in removed {
                let path = pair.path.isEmpty ? name : pair.path + "/" + name
                if !Self.isUsableName(name) || Self.wasListed(path, mode: mode, include: include) {
                    changes.append(.removed(path: path))
                }
            }
            for entry in differing {
                let path = pair.path.isEmpty ? entry.name : pair.path + "/" + entry.name
                guard Self.isUsableName(entry.name) else {
                    if entry.previous != nil { changes.append(.removed(path: path)) }
                    changes.append(.present(TreeEntry(path: path, id: entry.id, kind: .unusableName)))
                    continue
                }
                if let previous = entry.previous, previous.mode == GIT_FILEMODE_TREE, entry.mode == GIT_FILEMODE_TREE {
                    pending.append((path, previous.id, entry.id))
                    continue
                }
                if let previous = entry.previous, Self.wasListed(path, mode: previous.mode, include: include) {
                    changes.append(.removed(path: path))
                }
                switch entry.mode {
                case GIT_FILEMODE_TREE:
                    changes += try walkTree(entry.id, under: path, include: include).map(TreeChange.present)
                case GIT_FILEMODE_COMMIT:
                    changes.append(.present(TreeEntry(path: path, id: entry.id, kind: .submodule)))
                default:
                    if include(path) {
                        changes.append(.present(TreeEntry(path: path, id: entry.id, kind: Self.kind(of: entry.mode))))
                    }
                }
            }
        }
        return changes
    }

    /// Whether an old entry is something a walk with `include` listed (or may have listed below it),
    /// so that its removal matters to a caller holding that walk.
    private static func wasListed(_ path: String, mode: git_filemode_t, include: (String) -> Bool) -> Bool {
        mode == GIT_FILEMODE_TREE || mode == GIT_FILEMODE_COMMIT || include(path)
    }

    /// An entry of a new tree that the old tree lacks or holds with another id or mode.
    private struct DifferingEntry {
        var name: String
        var id: ObjectID
        var mode: git_filemode_t
        /// What the old tree held under the same name, if anything.
        var previous: (id: ObjectID, mode: git_filemode_t)?
    }

    /// The entries of `new` that differ from `old`'s, and the names only `old` has. Equal entries
    /// are compared in libgit2 (by name lookup and raw id), so they cost no Swift strings or ids.
    private func differingEntries(_ old: ObjectID, in oldRepository: Repository, _ new: ObjectID,
                                  checkingKind: Bool) throws -> (differing: [DifferingEntry], removed: [(name: String, mode: git_filemode_t)]) {
        let oldHandle = try oldRepository.lookup(old, as: GIT_OBJECT_TREE, checkingKind: checkingKind)
        let newHandle = try lookup(new, as: GIT_OBJECT_TREE, checkingKind: checkingKind)
        var differing: [DifferingEntry] = []
        var removed: [(name: String, mode: git_filemode_t)] = []
        oldHandle.withPointer { oldTree in
            newHandle.withPointer { newTree in
                for index in 0..<git_tree_entrycount(newTree) {
                    guard let entry = git_tree_entry_byindex(newTree, index) else { continue }
                    let mode = git_tree_entry_filemode(entry)
                    let previous = git_tree_entry_byname(oldTree, git_tree_entry_name(entry))
                    if let previous, git_tree_entry_filemode(previous) == mode,
                       git_oid_equal(git_tree_entry_id(previous), git_tree_entry_id(entry)) != 0 { continue }
                    guard let name = optionalString(from: git_tree_entry_name(entry)) else { continue }
                    differing.append(DifferingEntry(
                        name: name, id: ObjectID(git_tree_entry_id(entry).pointee), mode: mode,
                        previous: previous.map { (ObjectID(git_tree_entry_id($0).pointee), git_tree_entry_filemode($0)) }))
                }
                for index in 0..<git_tree_entrycount(oldTree) {
                    guard let entry = git_tree_entry_byindex(oldTree, index),
                          git_tree_entry_byname(newTree, git_tree_entry_name(entry)) == nil,
                          let name = optionalString(from: git_tree_entry_name(entry)) else { continue }
                    removed.append((name, git_tree_entry_filemode(entry)))
                }
            }
        }
        return (differing, removed)
    }
}
