import Foundation
import Git
import Inventory

extension FleetCrawler {
    /// Network work for one repository, on the calling (network pool) thread: records the repository,
    /// reads a repository on this machine where it is (`readInPlace`), or else locks and opens its mirror, lists the remote's branches and fetches the tracked ones only when a
    /// tip moved (the fetch prunes every other branch, so mirrors hold tracked branches only). A mirror
    /// found damaged (see `MirrorStore.prepare`) or whose fetch fails on its own files (missing
    /// objects, a corrupt reference, a lock file left behind) is re-created and fetched again, at most
    /// once; `MirrorSync.repaired` says so. Never throws.
    func synchronize(_ spec: RepositorySpec) -> MirrorSync {
        var repositoryID: Int64?
        var cleaned: String?
        var recreatedBecause: String?
        do {
            let id = try database.upsertRepository(RepositoryInfo(
                name: spec.name, url: RepositoryLocation.redact(spec.url), team: spec.team, contact: spec.contact))
            repositoryID = id
            try spec.checkLocalFolder()
            if let folder = RepositoryLocation.localPath(of: spec.url) {
                return MirrorSync(repositoryID: id, state: .ready(try readInPlace(spec, at: folder, repositoryID: id)))
            }
            // Kept in the ReadyMirror, so that no other crawl on this cache fetches into or re-creates
            // the mirror until this repository's branches are scanned.
            let lock = try mirrors.lock(url: spec.url)
            var (mirror, state) = try mirrors.prepare(url: spec.url, holding: lock)
            switch state {
            case .existing, .created: break
            case .cleaned(let leftovers): cleaned = Self.cleanedNote(leftovers)
            case .recreated(let reason): recreatedBecause = reason
            }
            let heads = try earlyListings?.take(spec.url)?.get()
                ?? mirror.listRemote(url: spec.url, credentials: credentials, timeout: timeout ?? Remote.defaultListTimeout)
            let selected = spec.selectBranches(from: heads.branches.keys, defaultBranch: heads.defaultBranch).sorted()
            if selected.isEmpty {
                if spec.branches.isEmpty { throw CrawlerError.noDefaultBranch(repository: spec.name) }
                throw CrawlerError.noMatchingBranches(repository: spec.name, patterns: spec.branches.map(\.text),
                                                      available: heads.branches.count)
            }
            let wanted = Dictionary(uniqueKeysWithValues: selected.compactMap { branch in
                heads.branches[branch].map { (branch, $0) }
            })
            var update: (tips: [String: ObjectID], fetchSkipped: Bool)
            do {
                update = try bringUpToDate(mirror, url: spec.url, branches: selected, wanted: wanted)
            } catch let error as GitError {
                // A mirror re-created in this crawl is not re-created again: the cause lies elsewhere.
                guard recreatedBecause == nil, let damage = error.localDamage else { throw error }
                let reason = damage.replacingOccurrences(of: mirror.path + "/", with: "")
                mirror = try mirrors.recreate(url: spec.url, holding: lock, because: reason)
                recreatedBecause = reason
                update = try bringUpToDate(mirror, url: spec.url, branches: selected, wanted: wanted)
            }
            let stored = try database.storedCommitScans(repository: id,
                                                        commits: selected.compactMap { update.tips[$0]?.hex })
            let previousTips = try database.lastRunBranchTips(repositoryID: id)
            let repaired = recreatedBecause.map { Self.repairNote($0, fetched: true) } ?? cleaned
            return MirrorSync(repositoryID: id, state: .ready(ReadyMirror(
                repositoryID: id, path: mirror.path, branches: selected, tips: update.tips,
                fetchSkipped: update.fetchSkipped, stored: stored, previousTips: previousTips, lock: lock)),
                repaired: repaired)
        } catch {
            let repaired = recreatedBecause.map { Self.repairNote($0, fetched: false) } ?? cleaned
            return MirrorSync(repositoryID: repositoryID, state: .failed(scrub("\(error)")), repaired: repaired)
        }
    }

    /// Re-creates a mirror that a scan found damaged and fetches the same branches again, still
    /// holding the mirror's lock; on the calling (network pool) thread. This catches what the cheap
    /// check of `MirrorStore.prepare` cannot see: objects below the tips' root trees gone (one of
    /// several packs lost). Meant for at most one call per repository and crawl, after a branch's
    /// scan failed with a `GitError` whose `localDamage` is set (the reason given here); the
    /// branches are then scanned again from the returned mirror. Never throws.
    func repair(_ mirror: ReadyMirror, of spec: RepositorySpec, because damage: String) -> MirrorSync {
        do {
            guard let lock = mirror.lock else {
                throw GitError.corrupt(path: mirror.path, message: damage)
            }
            let repository = try mirrors.recreate(url: spec.url, holding: lock, because: damage)
            try repository.fetch(url: spec.url, branches: mirror.branches, prune: true, credentials: credentials,
                                 timeout: timeout ?? Remote.defaultFetchTimeout)
            var repaired = mirror
            repaired.path = repository.path
            repaired.tips = try repository.localBranches()
            repaired.fetchSkipped = false
            repaired.stored = try database.storedCommitScans(repository: mirror.repositoryID,
                                                             commits: mirror.branches.compactMap { repaired.tips[$0]?.hex })
            return MirrorSync(repositoryID: mirror.repositoryID, state: .ready(repaired),
                              repaired: Self.repairNote(damage, fetched: true))
        } catch {
            return MirrorSync(repositoryID: mirror.repositoryID, state: .failed(scrub("\(error)")),
                              repaired: Self.repairNote(damage, fetched: false))
        }
    }

    /// Fetches `branches` unless the mirror already has every `wanted` tip, and returns the
    /// mirror's tips. A skipped fetch relies on `MirrorStore.prepare`, which has read each tip's
    /// commit and root tree: a mirror that lost its pack is never taken as up to date.
    private func bringUpToDate(_ mirror: Repository, url: String, branches: [String], wanted: [String: ObjectID])
        throws -> (tips: [String: ObjectID], fetchSkipped: Bool) {
        let fetchSkipped = try mirror.localBranches() == wanted
        if !fetchSkipped {
            try mirror.fetch(url: url, branches: branches, prune: true, credentials: credentials,
                             timeout: timeout ?? Remote.defaultFetchTimeout)
        }
        return (try mirror.localBranches(), fetchSkipped)
    }

    /// The repair note for a mirror re-created because of `damage`, fetched again or not.
    static func repairNote(_ damage: String, fetched: Bool) -> String {
        "mirror was damaged (\(damage)) and was " + (fetched ? "fetched again" : "re-created")
    }

    /// The repair note for leftovers deleted from a mirror (at most five named).
    static func cleanedNote(_ leftovers: [String]) -> String {
        var names = leftovers.prefix(5).joined(separator: ", ")
        if leftovers.count > 5 { names += " and \(leftovers.count - 5) more" }
        return "deleted what an interrupted git process left in the mirror: \(names)"
    }
}
