import Extraction
import Git

/// Finds the candidate files of a tree, reading from git only the trees whose listing is not cached.
///
/// The walk goes level by level: all tree ids of a level are looked up in the cache with one batched
/// call, the misses are read from git one level deep, and their subdirectories form the next level.
/// A cached listing already names only the subdirectories that hold candidates, so an unchanged
/// subtree costs a cache hit (or nothing when its parent was a hit and it has no candidates) instead
/// of a walk. Listings of the trees read are then computed bottom-up and stored in one batch.
/// Uses one `Repository` on the calling thread.
struct TreeCandidateWalker {
    /// What a walk found and what it cost.
    struct Walk {
        /// Candidate files sorted by path.
        var candidates: [CandidateFile]
        /// Trees read from git.
        var treesRead: Int
        /// Tree listings taken from the cache.
        var treesCached: Int
    }

    /// A tree read from git: its candidate entries and all of its subdirectories.
    private struct ReadTree {
        var entries: [TreeListing.Entry]
        var subtrees: [(name: String, id: String)]
    }

    let repository: Repository
    let cache: (any TreeListingCache)?

    /// Every candidate file below `root` with its path from the root.
    func walk(_ root: ObjectID) throws -> Walk {
        var listings: [String: TreeListing] = [:]
        var read: [String: ReadTree] = [:]
        var level: [String] = [root.hex]
        var treesCached = 0

        while !level.isEmpty {
            let cached = cache?.listings(for: level) ?? [:]
            var next: [String] = []
            var queued: Set<String> = []
            func enqueue(_ id: String) {
                if listings[id] == nil, read[id] == nil, queued.insert(id).inserted { next.append(id) }
            }
            for id in level {
                if let listing = cached[id] {
                    treesCached += 1
                    listings[id] = listing
                    for entry in listing.entries where entry.kind == .tree { enqueue(entry.id) }
                    continue
                }
                let tree = try readTree(id)
                read[id] = tree
                for subtree in tree.subtrees { enqueue(subtree.id) }
            }
            level = next
        }

        let fresh = try computeListings(of: read, into: &listings)
        cache?.store(fresh)
        var candidates: [CandidateFile] = []
        try collect(root.hex, prefix: "", listings: listings, into: &candidates)
        candidates += try agenticWorkflows(in: root)
        candidates.sort { $0.path < $1.path }
        return Walk(candidates: candidates, treesRead: read.count, treesCached: treesCached)
    }

    /// GitHub agentic workflows (`.github/workflows/*.md`) are candidates because of their folder,
    /// which a listing (shared by every path its tree appears at) cannot know: they are looked up by
    /// path, so a whole walk finds what a tree comparison or a folder scan finds.
    private func agenticWorkflows(in root: ObjectID) throws -> [CandidateFile] {
        let folderPath = ".github/workflows"
        guard let folder = try repository.entryID(atPath: folderPath, inTree: root),
              let found = try? repository.walkTree(folder, visitSubtree: { _, _ in false },
                                                   include: { $0.lowercased().hasSuffix(".md") }) else {
            return []
        }
        return found.compactMap { entry in
            let path = folderPath + "/" + entry.path
            guard let kind = FileKind.classify(path: path) else { return nil }
            switch entry.kind {
            case .blob, .executable: return CandidateFile(path: path, kind: kind, entry: .file, blobID: entry.id.hex)
            case .symlink: return CandidateFile(path: path, kind: kind, entry: .symlink, blobID: entry.id.hex)
            case .submodule, .unusableName: return nil
            }
        }
    }

    /// One level of a tree: candidate files, symlinks, submodules and unusable names, and every subdirectory.
    private func readTree(_ hex: String) throws -> ReadTree {
        guard let id = ObjectID(hex: hex) else { throw GitError.notFound(what: "tree \(hex)") }
        var subtrees: [(name: String, id: String)] = []
        let found = try repository.walkTree(id, visitSubtree: { path, subtree in
            subtrees.append((path, subtree.hex))
            return false
        }, include: CandidateFile.isCandidate)
        // A `.env` serves only the compose files beside it: elsewhere it is not a candidate.
        let names = found.map(\.path)
        let kept = found.filter { entry in
            FileKind.classify(path: entry.path).map { FileKind.isRead($0, siblings: names) } ?? true
        }
        let entries = kept.map { entry -> TreeListing.Entry in
            let kind: TreeListing.Kind = switch entry.kind {
            case .blob: .file
            case .executable: .executable
            case .symlink: .symlink
            case .submodule: .submodule
            case .unusableName: .unusableName
            }
            return TreeListing.Entry(name: entry.path, id: entry.id.hex, kind: kind)
        }
        return ReadTree(entries: entries, subtrees: subtrees)
    }

    /// Listings of the trees read from git, children before parents (an explicit stack: deep trees
    /// cannot overflow the thread's stack); returns them to be cached.
    private func computeListings(of read: [String: ReadTree],
                                 into listings: inout [String: TreeListing]) throws -> [String: TreeListing] {
        var fresh: [String: TreeListing] = [:]
        for start in read.keys where listings[start] == nil {
            var stack: [(id: String, expanded: Bool)] = [(start, false)]
            var inProgress: Set<String> = []
            while let (id, expanded) = stack.popLast() {
                guard let tree = read[id] else { continue }
                if !expanded {
                    // Reached again through another path (identical folders): already done.
                    if listings[id] != nil { continue }
                    // A tree cannot contain itself; meeting an ancestor again means damaged objects.
                    guard inProgress.insert(id).inserted else {
                        throw GitError.corrupt(path: repository.path, message: "tree \(id) contains itself")
                    }
                    stack.append((id, true))
                    for subtree in tree.subtrees where listings[subtree.id] == nil && read[subtree.id] != nil {
                        stack.append((subtree.id, false))
                    }
                    continue
                }
                inProgress.remove(id)
                var entries = tree.entries
                for subtree in tree.subtrees {
                    if let listing = listings[subtree.id], !listing.isEmpty {
                        entries.append(TreeListing.Entry(name: subtree.name, id: subtree.id, kind: .tree))
                    }
                }
                let listing = TreeListing(entries: entries)
                listings[id] = listing
                fresh[id] = listing
            }
        }
        return fresh
    }

    /// Appends the candidates of the tree `id`, reached at `prefix`, and of its subdirectories.
    private func collect(_ id: String, prefix: String, listings: [String: TreeListing],
                         into candidates: inout [CandidateFile]) throws {
        var pending: [(id: String, prefix: String)] = [(id, prefix)]
        while let (tree, base) = pending.popLast() {
            guard let listing = listings[tree] else {
                throw GitError.notFound(what: "listing of tree \(tree)")
            }
            for entry in listing.entries {
                let path = base.isEmpty ? entry.name : base + "/" + entry.name
                switch entry.kind {
                case .tree:
                    pending.append((entry.id, path))
                case .file, .executable:
                    candidates.append(CandidateFile(path: path, kind: entry.fileKind, entry: .file, blobID: entry.id))
                case .symlink:
                    candidates.append(CandidateFile(path: path, kind: entry.fileKind, entry: .symlink, blobID: entry.id))
                case .submodule:
                    candidates.append(CandidateFile(path: path, kind: nil, entry: .submodule, blobID: nil))
                case .unusableName:
                    candidates.append(CandidateFile(path: path, kind: nil, entry: .unusableName, blobID: nil))
                }
            }
        }
    }
}
