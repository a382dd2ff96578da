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

    /// The entries of `new` that differ from `old`'s, and the names only `old` has. Both trees are
    /// walked side by side in git's tree order (names compared as bytes, a folder's as if it ended
    /// in `/`), so equal entries cost one comparison in C memory and no Swift strings or ids. Trees
    /// git would not have written (entries out of order, a name twice) are compared by name instead.
    private func differingEntries(_ old: ObjectID, in oldRepository: Repository, _ new: ObjectID,
                                  checkingKind: Bool) throws -> (differing: [DifferingEntry], removed: [(name: String, mode: git_filemode_t)]) {
        let oldHandle = try oldRepository.lookup(old, as: GIT_OBJECT_TREE, checkingKind: checkingKind)
        let newHandle = try lookup(new, as: GIT_OBJECT_TREE, checkingKind: checkingKind)
        return oldHandle.withPointer { oldTree in
            newHandle.withPointer { newTree in
                let oldEntries = SortedEntries(oldTree)
                let newEntries = SortedEntries(newTree)
                guard let oldEntries, let newEntries else { return Self.differingByName(oldTree, newTree) }
                return Self.differingSideBySide(oldEntries, newEntries)
            }
        }
    }

    /// `differingEntries` for trees in git's order: one pass over both.
    private static func differingSideBySide(_ old: SortedEntries, _ new: SortedEntries)
        -> (differing: [DifferingEntry], removed: [(name: String, mode: git_filemode_t)]) {
        var differing: [DifferingEntry] = []
        var removed: [(name: String, mode: git_filemode_t)] = []
        var oldIndex = 0
        var newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            let order: Int32 = if oldIndex == old.count { 1 } else if newIndex == new.count { -1 } else {
                SortedEntries.order(old.entries[oldIndex], new.entries[newIndex])
            }
            if order < 0 {
                // Only the old tree has it (a file that became a folder is here, and its folder below as new).
                let gone = old.entries[oldIndex]
                if let name = optionalString(from: gone.name) { removed.append((name, gone.mode)) }
                oldIndex += 1
                continue
            }
            let entry = new.entries[newIndex]
            newIndex += 1
            var previous: (id: ObjectID, mode: git_filemode_t)?
            if order == 0 {
                let before = old.entries[oldIndex]
                oldIndex += 1
                if before.mode == entry.mode, git_oid_equal(git_tree_entry_id(before.entry), git_tree_entry_id(entry.entry)) != 0 {
                    continue
                }
                previous = (ObjectID(git_tree_entry_id(before.entry).pointee), before.mode)
            }
            guard let name = optionalString(from: entry.name) else { continue }
            differing.append(DifferingEntry(name: name, id: ObjectID(git_tree_entry_id(entry.entry).pointee),
                                            mode: entry.mode, previous: previous))
        }
        return (differing, removed)
    }

    /// `differingEntries` for trees out of git's order, by name: libgit2's own lookup by name
    /// searches a tree as if it were in order.
    private static func differingByName(_ oldTree: OpaquePointer, _ newTree: OpaquePointer)
        -> (differing: [DifferingEntry], removed: [(name: String, mode: git_filemode_t)]) {
        func entries(_ tree: OpaquePointer) -> [(name: [UInt8], entry: OpaquePointer)] {
            (0..<git_tree_entrycount(tree)).compactMap { index in
                guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry) else { return nil }
                return (Array(UnsafeBufferPointer(start: name, count: strlen(name)).map { UInt8(bitPattern: $0) }), entry)
            }
        }
        let oldEntries = entries(oldTree)
        let newEntries = entries(newTree)
        // A name written twice counts as its first entry, as a lookup by name finds it.
        let oldByName = Dictionary(oldEntries.map { ($0.name, $0.entry) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(newEntries.map(\.name))
        var differing: [DifferingEntry] = []
        var removed: [(name: String, mode: git_filemode_t)] = []
        for (rawName, entry) in newEntries {
            let mode = git_tree_entry_filemode(entry)
            let previous = oldByName[rawName]
            if let previous, git_tree_entry_filemode(previous) == mode,
               git_oid_equal(git_tree_entry_id(previous), git_tree_entry_id(entry)) != 0 { continue }
            guard let name = optionalString(from: git_tree_entry_name(entry)) else { continue }
            differing.append(DifferingEntry(
                name: name, id: ObjectID(git_tree_entry_id(entry).pointee), mode: mode,
                previous: previous.map { (ObjectID(git_tree_entry_id($0).pointee), git_tree_entry_filemode($0)) }))
        }
        for (rawName, entry) in oldEntries where !newNames.contains(rawName) {
            guard let name = optionalString(from: git_tree_entry_name(entry)) else { continue }
            removed.append((name, git_tree_entry_filemode(entry)))
        }
        return (differing, removed)
    }
}

/// A tree's entries with their names and modes, when they are in git's tree order, each once.
private struct SortedEntries {
    struct Entry {
        let entry: OpaquePointer
        let name: UnsafePointer<CChar>
        let length: Int
        let mode: git_filemode_t
    }

    let entries: [Entry]
    var count: Int { entries.count }

    /// Nil when an entry is missing or out of order (or its name repeats), as in no tree git writes.
    init?(_ tree: OpaquePointer) {
        let count = git_tree_entrycount(tree)
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree, index), let name = git_tree_entry_name(entry) else { return nil }
            let next = Entry(entry: entry, name: name, length: strlen(name), mode: git_tree_entry_filemode(entry))
            if let last = entries.last, Self.order(last, next) >= 0 { return nil }
            entries.append(next)
        }
        self.entries = entries
    }

    /// How entry `a` sorts against entry `b` in git's tree order: the names as bytes, a folder's name
    /// followed by `/`. Zero when both have the same name and both are or are not folders.
    static func order(_ a: Entry, _ b: Entry) -> Int32 {
        let common = min(a.length, b.length)
        let bytes = memcmp(a.name, b.name, common)
        if bytes != 0 { return bytes }
        let aNext = a.length > common ? UInt8(bitPattern: a.name[common]) : (a.mode == GIT_FILEMODE_TREE ? 0x2F : 0)
        let bNext = b.length > common ? UInt8(bitPattern: b.name[common]) : (b.mode == GIT_FILEMODE_TREE ? 0x2F : 0)
        return aNext < bNext ? -1 : (aNext > bNext ? 1 : 0)
    }
}
