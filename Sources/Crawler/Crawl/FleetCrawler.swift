import Extraction
import Foundation
import Git
import Inventory

/// Crawls every repository of repos.txt into the inventory.
///
/// Two bounded pools of dedicated threads keep blocking work off Swift's cooperative pool and keep
/// the two kinds of work from starving each other: the network pool (`jobs` threads) lists each
/// remote's branches and fetches only when a tracked tip moved; the scan pool (`scanJobs` threads,
/// by default one per core) walks trees, extracts facts and writes each commit to the database as
/// soon as it (or its group, `commitsPerTransaction`) is scanned, so memory does not grow
/// with the fleet. Every job opens its own handle on the mirror, or on a repository on this machine,
/// which is read in place without a mirror (libgit2 handles never cross threads). Each repository is
/// isolated: its failure is recorded and the others go on. Branches whose commit is already stored only get a branch scan
/// row; commits not yet stored are scanned once, with their trees' candidate lists and their files'
/// facts taken from content-addressed caches where possible. One commit per repository is scanned
/// whole and the others as their difference from it (`ScanBase`), sharing its stored file results.
public struct FleetCrawler: Sendable {
    /// The inventory every run is recorded in.
    public var database: AppDatabase
    /// Where the bare mirrors of network repositories live (a repository on this machine is read in place).
    public var mirrors: MirrorStore
    /// Repositories listed and fetched at once.
    public var jobs: Int
    /// Commits scanned at once (tree walks, extraction, database writes).
    public var scanJobs: Int
    /// The token offered to HTTPS remotes (never logged or stored).
    public var credentials: Credentials
    /// The limit for each network operation (listing a remote, fetching); nil keeps `Remote`'s defaults.
    public var timeout: Duration?
    /// The database's writer lock, whose reserved space ends the run when the disk fills up.
    public var storageReserve: InventoryWriterLock?
    /// The time recorded as the run's start and end; `nil` reads the clock. Only `census demo` sets
    /// it, to record its weeks of history with backdated crawls.
    public var runDate: Date?
    /// The census version recorded in each run row (`run.census_version`).
    public var censusVersion: String?
    /// The shard this crawl is (`run.shard`); nil for a crawl of the whole fleet. The caller chooses
    /// the shard's repositories (`Shard.owns`).
    public var shard: Shard?

    /// Listings of the first repositories started before the inventory was open (`EarlyListings`).
    public var earlyListings: EarlyListings?

    /// The scan threads' nice value: the database's writer, the network jobs and the tasks between them
    /// run ahead of scanning whenever they have work, so that records never pile up behind the scans
    /// to be written after the last one (docs/performance.md, "Cold extraction, twelfth look").
    static let scanNiceness: Int32 = 10

    /// How many repositories are worked on at once; nil for `repositoriesInFlight(jobs:scanJobs:)`.
    var repositoriesInFlight: Int?

    /// A crawler keeping its mirrors under `cacheDirectory`. `scanJobs` defaults to the number of cores.
    public init(database: AppDatabase, cacheDirectory: String, jobs: Int, scanJobs: Int? = nil,
                credentials: Credentials, timeout: Duration? = nil) {
        self.database = database
        self.mirrors = MirrorStore(root: cacheDirectory)
        self.jobs = max(1, jobs)
        self.scanJobs = max(1, scanJobs ?? ProcessInfo.processInfo.activeProcessorCount)
        self.credentials = credentials
        self.timeout = timeout
    }

    /// Runs one crawl of `repositories`, recording a new run, and reports progress to `observe`.
    public func crawl(_ repositories: [RepositorySpec],
                      observe: @escaping @Sendable (CrawlEvent) -> Void = { _ in }) async throws -> CrawlSummary {
        GitLibrary.initialize()
        let pools = Pools(network: BlockingWorkerPool(count: min(jobs, max(1, repositories.count)), name: "census-net"),
                          scan: BlockingWorkerPool(count: scanJobs, name: "census-scan",
                                                   niceness: Self.scanNiceness))
        defer {
            pools.network.shutdown()
            pools.scan.shutdown()
        }
        let caches = ScanCaches(facts: InventoryFactsCache(database: database),
                                trees: InventoryTreeCache(database: database))
        let database = self.database
        let censusVersion = self.censusVersion
        let shard = self.shard?.description
        let runID = try await pools.scan.run {
            try database.startRun(at: self.runDate ?? Date(), censusVersion: censusVersion, shard: shard)
        }
        observe(.started(runID: runID, repositories: repositories.count))

        // At most `repositoriesInFlight` repositories are started at once, the next as one finishes: a
        // repository waiting for its turn holds a task, and a fleet of thousands would hold thousands.
        let outcomes = await withTaskGroup(of: RepositoryOutcome.self) { group in
            var waiting = repositories.makeIterator()
            func startNext() -> Bool {
                guard let spec = waiting.next() else { return false }
                group.addTask {
                    await self.crawlRepository(spec, runID: runID, pools: pools, caches: caches, observe: observe)
                }
                return true
            }
            let inFlight = max(1, repositoriesInFlight ?? Self.repositoriesInFlight(jobs: jobs, scanJobs: scanJobs))
            for _ in 0..<inFlight where !startNext() { break }
            var all: [RepositoryOutcome] = []
            for await outcome in group {
                all.append(outcome)
                _ = startNext()
            }
            return all.sorted { $0.name < $1.name }
        }
        // The two caches' last batches at once: one is encoded while the other is written.
        async let factsFlushed: Void = pools.scan.run { caches.facts.flush() }
        async let treesFlushed: Void = pools.scan.run { caches.trees.flush() }
        _ = await (factsFlushed, treesFlushed)
        // Nothing reads them any more: freed while the run is finished and the database written back.
        caches.facts.memory.emptyInBackground()
        caches.trees.memory.emptyInBackground()
        let summary = CrawlSummary(runID: runID, outcomes: outcomes)
        let failed = summary.failures.count
        let finish: @Sendable () throws -> Void = {
            try database.finishRun(runID, at: self.runDate ?? Date(), repositoriesTotal: outcomes.count,
                                   repositoriesFailed: failed, status: failed == 0 ? .ok : .partial)
        }
        do {
            try await pools.scan.run { try finish() }
        } catch {
            // A full disk: the space the writer lock held back is enough for the run's last row.
            guard let storageReserve, storageReserve.releaseReserve() else { throw error }
            try await pools.scan.run { try finish() }
        }
        return summary
    }

    /// How many repositories a crawl works on at once by default: enough that the network jobs always
    /// have the next repository while others are scanned, and a bound whatever the fleet.
    static func repositoriesInFlight(jobs: Int, scanJobs: Int) -> Int {
        max(64, 8 * (jobs + scanJobs))
    }

    /// How many of a repository's `commits` scanned from one base are recorded in one transaction:
    /// as many as spread them over the `threads` scan threads, at least 8 and at most 32. Each commit
    /// rewrites about a hundred index pages that its siblings rewrite too; a group writes them to the
    /// WAL once, and a larger group less often. A crash loses at most one group, which the next crawl
    /// scans again.
    static func commitsPerTransaction(commits: Int, threads: Int) -> Int {
        let spread = (commits + max(1, threads) - 1) / max(1, threads)
        return min(32, max(8, spread))
    }

    /// The two worker pools of one crawl.
    struct Pools: Sendable {
        var network: BlockingWorkerPool
        var scan: BlockingWorkerPool
    }

    /// The content-addressed caches shared by every scan job of one crawl.
    struct ScanCaches: Sendable {
        var facts: InventoryFactsCache
        var trees: InventoryTreeCache
    }

    /// Crawls one repository: synchronizes its mirror on the network pool, then scans its branches on
    /// the scan pool. Never throws: failures are recorded and reported in the outcome.
    func crawlRepository(_ spec: RepositorySpec, runID: Int64, pools: Pools, caches: ScanCaches,
                         observe: @escaping @Sendable (CrawlEvent) -> Void) async -> RepositoryOutcome {
        var outcome = RepositoryOutcome(name: spec.name, branches: 0, branchesFailed: 0, references: 0,
                                        branchesReused: 0, fetchSkipped: false, error: nil, branchErrors: [],
                                        seconds: 0)
        // The repository's own time starts when a network job takes it up, not when it was queued
        // behind the others at the start of the crawl.
        let (started, synchronized) = await pools.network.run { () -> (Date, MirrorSync) in
            observe(.repositoryStarted(name: spec.name))
            let started = Date()
            return (started, self.synchronize(spec))
        }
        outcome.repaired = synchronized.repaired
        let database = self.database
        guard case .ready(let mirror) = synchronized.state else {
            if case .failed(let message) = synchronized.state { outcome.error = message }
            outcome.seconds = Date().timeIntervalSince(started)
            if let repositoryID = synchronized.repositoryID, let error = outcome.error {
                let seconds = outcome.seconds
                let note = outcome.repaired
                await pools.scan.run {
                    try? database.recordRepositoryScan(runID: runID, repositoryID: repositoryID, status: .failed,
                                                       error: error, note: note,
                                                       duration: .milliseconds(Int64(seconds * 1000)))
                }
            }
            observe(.repositoryFinished(outcome))
            return outcome
        }

        outcome.fetchSkipped = mirror.fetchSkipped
        var results = await scanBranches(BranchPlan(mirror), mirror: mirror, runID: runID, pools: pools, caches: caches)
        // Damage the check before fetching cannot see (a lost pack holding unchanged subtrees) shows
        // when a scan reads it: the mirror is re-created once and those branches are scanned again.
        // A repository read in place is the user's: its damage is reported, never repaired.
        let damaged = mirror.isInPlace ? [] : results.filter { $0.damage != nil }
        if outcome.repaired == nil, let damage = damaged.first?.damage {
            let healed = await pools.network.run { self.repair(mirror, of: spec, because: damage) }
            outcome.repaired = healed.repaired
            if case .ready(var fresh) = healed.state {
                let names = Set(damaged.map(\.branch))
                fresh.branches = fresh.branches.filter(names.contains)
                let retried = await scanBranches(BranchPlan(fresh), mirror: fresh, runID: runID, pools: pools,
                                                 caches: caches)
                results = results.filter { !names.contains($0.branch) } + retried
            }
        }
        for result in results {
            outcome.branches += 1
            outcome.references += result.references
            if result.reused { outcome.branchesReused += 1 }
            if result.unchanged { outcome.branchesUnchanged += 1 }
            if let error = result.error {
                outcome.branchesFailed += 1
                outcome.branchErrors.append("\(result.branch): \(error)")
            }
        }
        outcome.branchErrors.sort()
        let unrecorded = results.filter(\.unrecorded).sorted { $0.branch < $1.branch }
        if let first = unrecorded.first {
            // The run has no row for these branches: recorded as reached, the repository would show
            // them as deleted. As a failure, its last good crawl stays current, marked stale.
            let names = unrecorded.map(\.branch).joined(separator: ", ")
            outcome.error = "branch \(names) could not be recorded: \(first.error ?? "unknown error")"
        }
        outcome.seconds = Date().timeIntervalSince(started)
        let seconds = outcome.seconds
        let status = outcome.status
        let error = status == .ok ? nil : outcome.error ?? outcome.partialError
        let note = outcome.repaired
        do {
            try await pools.scan.run {
                try database.recordRepositoryScan(runID: runID, repositoryID: mirror.repositoryID, status: status,
                                                  error: error, note: note,
                                                  duration: .milliseconds(Int64(seconds * 1000)))
            }
        } catch {
            // Without its repository scan the run's branches are not part of the inventory: say so.
            outcome.error = "its crawl could not be recorded: \(scrub("\(error)"))"
        }
        observe(.repositoryFinished(outcome))
        return outcome
    }

    /// Removes the token and any URL credentials from a message before it is shown or stored.
    func scrub(_ message: String) -> String {
        var text = URLRedaction.redact(message)
        for token in credentials.secrets where !token.isEmpty {
            text = text.replacingOccurrences(of: token, with: "***")
        }
        return text
    }
}
