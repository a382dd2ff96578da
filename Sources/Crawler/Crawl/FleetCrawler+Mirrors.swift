import Foundation
import Git
import Inventory

extension FleetCrawler {
    /// Network work for one repository, on the calling (network pool) thread: records the repository,
    /// lists the remote's branches and fetches the tracked ones only when a tip moved (the fetch
    /// prunes every other branch, so mirrors hold tracked branches only). Never throws.
    func synchronize(_ spec: RepositorySpec) -> MirrorSync {
        var repositoryID: Int64?
        do {
            let id = try database.upsertRepository(RepositoryInfo(
                name: spec.name, url: RepositoryLocation.redact(spec.url), team: spec.team, contact: spec.contact))
            repositoryID = id
            let mirror = try mirrors.openOrCreate(url: spec.url)
            let heads = try mirror.listRemote(url: spec.url, credentials: credentials,
                                              timeout: timeout ?? Remote.defaultListTimeout)
            let selected = spec.selectBranches(from: heads.branches.keys, defaultBranch: heads.defaultBranch).sorted()
            if selected.isEmpty {
                if spec.branches.isEmpty { throw CrawlerError.noDefaultBranch(repository: spec.name) }
                throw CrawlerError.noMatchingBranches(repository: spec.name, patterns: spec.branches.map(\.text),
                                                      available: heads.branches.count)
            }
            let wanted = Dictionary(uniqueKeysWithValues: selected.compactMap { branch in
                heads.branches[branch].map { (branch, $0) }
            })
            let fetchSkipped = try mirror.localBranches() == wanted
            if !fetchSkipped {
                try mirror.fetch(url: spec.url, branches: selected, prune: true, credentials: credentials,
                                 timeout: timeout ?? Remote.defaultFetchTimeout)
            }
            let tips = try mirror.localBranches()
            let stored = try database.storedCommitScans(repository: id, commits: selected.compactMap { tips[$0]?.hex })
            let previousTips = try database.lastRunBranchTips(repositoryID: id)
            return MirrorSync(repositoryID: id, state: .ready(ReadyMirror(
                repositoryID: id, path: mirror.path, branches: selected, tips: tips, fetchSkipped: fetchSkipped,
                stored: stored, previousTips: previousTips)))
        } catch {
            return MirrorSync(repositoryID: repositoryID, state: .failed(scrub("\(error)")))
        }
    }
}
