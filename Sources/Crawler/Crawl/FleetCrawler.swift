import Extraction
import Foundation
import Git
import Inventory

/// Crawls every repository of repos.txt into the inventory: a bounded pool of dedicated threads does
/// the blocking git and SQLite work; each repository is isolated; each branch is committed on its own.
public struct FleetCrawler: Sendable {
    public var database: AppDatabase
    public var mirrors: MirrorStore
    public var jobs: Int
    public var credentials: Credentials

    public init(database: AppDatabase, cacheDirectory: String, jobs: Int, credentials: Credentials) {
        self.database = database
        self.mirrors = MirrorStore(root: cacheDirectory)
        self.jobs = max(1, jobs)
        self.credentials = credentials
    }

    /// Runs one crawl of `repositories`, recording a new run, and reports progress to `observe`.
    public func crawl(_ repositories: [RepositorySpec],
                      observe: @escaping @Sendable (CrawlEvent) -> Void = { _ in }) async throws -> CrawlSummary {
        GitLibrary.initialize()
        let pool = BlockingWorkerPool(count: min(jobs, max(1, repositories.count)), name: "census-git")
        defer { pool.shutdown() }
        let database = self.database
        let runID = try await pool.run { try database.startRun(at: Date()) }
        observe(.started(runID: runID, repositories: repositories.count))

        let outcomes = await withTaskGroup(of: RepositoryOutcome.self) { group in
            for spec in repositories {
                group.addTask {
                    await pool.run {
                        observe(.repositoryStarted(name: spec.name))
                        let outcome = self.crawlRepository(spec, runID: runID)
                        observe(.repositoryFinished(outcome))
                        return outcome
                    }
                }
            }
            var all: [RepositoryOutcome] = []
            for await outcome in group { all.append(outcome) }
            return all.sorted { $0.name < $1.name }
        }
        let failed = outcomes.filter(\.failed).count
        try await pool.run {
            try database.finishRun(runID, at: Date(), repositoriesTotal: outcomes.count,
                                   repositoriesFailed: failed, status: failed == 0 ? .ok : .partial)
        }
        return CrawlSummary(runID: runID, outcomes: outcomes)
    }

    /// Crawls one repository on the calling (dedicated) thread; never throws: failures are recorded.
    func crawlRepository(_ spec: RepositorySpec, runID: Int64) -> RepositoryOutcome {
        let started = Date()
        var outcome = RepositoryOutcome(name: spec.name, branches: 0, branchesFailed: 0, references: 0,
                                        branchesReused: 0, fetchSkipped: false, error: nil, branchErrors: [],
                                        seconds: 0)
        var repositoryID: Int64?
        do {
            let id = try database.upsertRepository(RepositoryInfo(
                name: spec.name, url: RepositoryLocation.redact(spec.url), team: spec.team, contact: spec.contact))
            repositoryID = id
            let mirror = try mirrors.openOrCreate(url: spec.url)
            let heads = try mirror.listRemote(url: spec.url, credentials: credentials)
            let selected = spec.selectBranches(from: heads.branches.keys, defaultBranch: heads.defaultBranch)
            if selected.isEmpty {
                if spec.branches.isEmpty { throw CrawlerError.noDefaultBranch(repository: spec.name) }
                throw CrawlerError.noMatchingBranches(repository: spec.name, patterns: spec.branches.map(\.text),
                                                      available: heads.branches.count)
            }
            let local = try mirror.localBranches()
            let wanted = Dictionary(uniqueKeysWithValues: selected.compactMap { b in heads.branches[b].map { (b, $0) } })
            if local == wanted {
                outcome.fetchSkipped = true
            } else {
                try mirror.fetch(url: spec.url, branches: selected, prune: true, credentials: credentials)
            }
            let tips = try mirror.localBranches()
            let scanner = SnapshotScanner(cache: InventoryFactsCache(database: database))
            for branch in selected {
                outcome.branches += 1
                do {
                    guard let tip = tips[branch] else {
                        throw GitError.notFound(what: "branch \(branch) (listed by the remote but not fetched)")
                    }
                    if let stored = try database.commitScanID(repository: id, commit: tip.hex) {
                        try database.recordBranchScan(BranchScanRecord(
                            runID: runID, repositoryID: id, branch: branch, commit: tip.hex, status: .ok))
                        outcome.references += try database.references(commitScanID: stored).count
                        outcome.branchesReused += 1
                    } else {
                        let commit = try mirror.commitInfo(tip)
                        let scan = try scanner.scan(GitTreeSource(repository: mirror, tree: commit.tree))
                        try database.recordBranchScan(BranchScanRecord(
                            runID: runID, repositoryID: id, branch: branch, commit: tip.hex, status: .ok,
                            references: scan.references, warnings: scan.warnings))
                        outcome.references += scan.references.count
                    }
                } catch {
                    let message = scrub("\(error)")
                    outcome.branchesFailed += 1
                    outcome.branchErrors.append("\(branch): \(message)")
                    _ = try? database.recordBranchScan(BranchScanRecord(
                        runID: runID, repositoryID: id, branch: branch, commit: tips[branch]?.hex, status: .failed,
                        error: message))
                }
            }
        } catch {
            outcome.error = scrub("\(error)")
        }
        outcome.seconds = Date().timeIntervalSince(started)
        if let repositoryID {
            try? database.recordRepositoryScan(runID: runID, repositoryID: repositoryID,
                                               status: outcome.failed ? .failed : .ok, error: outcome.error,
                                               duration: .milliseconds(Int64(outcome.seconds * 1000)))
        }
        return outcome
    }

    /// Removes the token and any URL credentials from a message before it is shown or stored.
    func scrub(_ message: String) -> String {
        var text = URLRedaction.redact(message)
        if let token = credentials.token, !token.isEmpty {
            text = text.replacingOccurrences(of: token, with: "***")
        }
        return text
    }
}
