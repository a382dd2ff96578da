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
    /// A path that changed is reported as `.removed` (when the old tree had something there) followed
    /// by `.present` for what the new tree holds there (when `include` accepts it; submodules always).
    /// A directory new in `new` is walked whole. Names that cannot form a path are skipped, as in
    /// `walkTree`. Changes come in no particular order; each path appears at most once per case.
    public func changes(from old: ObjectID, to new: ObjectID,
                        include: (_ path: String) -> Bool) throws -> [TreeChange] {
        var changes: [TreeChange] = []
        var pending: [(path: String, old: ObjectID, new: ObjectID)] = old == new ? [] : [("", old, new)]
        while let pair = pending.popLast() {
            let before = try directoryEntries(pair.old, checkingKind: pair.path.isEmpty)
            let after = try directoryEntries(pair.new, checkingKind: pair.path.isEmpty)
            var oldByName: [String: (id: ObjectID, mode: git_filemode_t)] = [:]
            for entry in before { oldByName[entry.name] = (entry.id, entry.mode) }
            var seen: Set<String> = []
            for entry in after {
                seen.insert(entry.name)
                let path = pair.path.isEmpty ? entry.name : pair.path + "/" + entry.name
                let previous = oldByName[entry.name]
                if let previous, previous.id == entry.id, previous.mode == entry.mode { continue }
                if let previous, previous.mode == GIT_FILEMODE_TREE, entry.mode == GIT_FILEMODE_TREE {
                    pending.append((path, previous.id, entry.id))
                    continue
                }
                if previous != nil { changes.append(.removed(path: path)) }
                switch entry.mode {
                case GIT_FILEMODE_TREE:
                    changes += try walkTree(entry.id, under: path, include: include).map(TreeChange.present)
                case GIT_FILEMODE_COMMIT:
                    changes.append(.present(TreeEntry(path: path, id: entry.id, kind: .submodule)))
                default:
                    if include(path) { changes.append(.present(TreeEntry(path: path, id: entry.id, kind: Self.kind(of: entry.mode)))) }
                }
            }
            for entry in before where !seen.contains(entry.name) {
                changes.append(.removed(path: pair.path.isEmpty ? entry.name : pair.path + "/" + entry.name))
            }
        }
        return changes
    }
}
