import Foundation
import Inventory

/// How refreshing one catalog went.
public enum CatalogSyncOutcome: Sendable {
    /// Fetched now (or a manifest history extended to its new tip).
    case fresh(Catalog)
    /// Nothing to read again: the manifest branch's tip did not move, or the registry facts are younger
    /// than the catalog's `refreshAfter`. `reason` says which, in words.
    case unchanged(Catalog, reason: String)
    /// The refresh failed; these are the last good facts, marked stale.
    case stale(Catalog, error: PolicyError)
    /// The refresh failed and no earlier facts exist.
    case failed(repository: String, error: PolicyError)

    /// The repository the outcome is about.
    public var repository: String {
        switch self {
        case .fresh(let catalog), .unchanged(let catalog, _), .stale(let catalog, _): return catalog.repository
        case .failed(let repository, _): return repository
        }
    }

    /// Whether the refresh failed (stale or no data at all).
    public var isFailure: Bool {
        switch self {
        case .fresh, .unchanged: return false
        case .stale, .failed: return true
        }
    }

    /// The catalog to judge with, if any.
    public var catalog: Catalog? {
        switch self {
        case .fresh(let catalog), .unchanged(let catalog, _), .stale(let catalog, _): return catalog
        case .failed: return nil
        }
    }
}

/// Refreshes the catalogs a policy configures and keeps them in the inventory, so an unreachable source
/// never stops a crawl: its last good facts are used and reported as stale.
public struct CatalogSync: Sendable {
    /// Where catalogs and refresh attempts are stored.
    public let database: AppDatabase
    /// The crawl the refresh belongs to, if any.
    public let runID: Int64?

    /// A sync recording into `database`.
    public init(database: AppDatabase, runID: Int64? = nil) {
        self.database = database
        self.runID = runID
    }

    /// Brings a manifest catalog up to the tip of `history` (walked on the caller's thread: libgit2 handles
    /// stay on one thread, so call this from a blocking worker, not the cooperative pool).
    ///
    /// An unchanged tip walks nothing; a tip that descends (along first parents) from the last synced commit
    /// extends the stored history with the new commits only; anything else, or `fullWalk`, walks the whole
    /// history again, and `note` receives why when an extension was expected.
    public func syncManifest(_ source: CatalogSource, history: () throws -> any ManifestHistorySource,
                             fullWalk: Bool = false, now: Date, note: (String) -> Void = { _ in }) -> CatalogSyncOutcome {
        guard case .manifest(let git, let branch, let path) = source.kind else {
            return .failed(repository: source.repository,
                           error: .invalidManifest(path: source.repository, commit: nil, problem: "not a manifest catalog"))
        }
        do {
            let description = "git \(git) \(branch):\(path)"
            let builder = ManifestCatalogBuilder(repository: source.repository, manifestPath: path,
                                                 sourceDescription: description)
            let history = try history()
            let record = try database.catalog(repository: source.repository)
            if !fullWalk, let record, record.origin == Catalog.Origin.manifest.rawValue, record.source == description {
                var previous = Catalog(record: record)
                previous.staleReason = nil
                if let state = ManifestWalkState(json: record.walkState), state.tip == record.syncedCommit {
                    let tip = try history.tipCommit()
                    if tip == state.tip {
                        try database.recordCatalogUnchanged(repository: source.repository, runID: runID, at: now,
                                                            kind: .tipUnchanged)
                        previous.fetchedAt = now
                        return .unchanged(previous, reason: "\(branch) is still at \(state.tip.prefix(12))")
                    }
                    if let newer = try history.commits(after: state.tip) {
                        let walk = try builder.walk(history, commits: newer, continuing: (previous, state), fetchedAt: now)
                        return store(walk, kind: .extended, previous: record, now: now)
                    }
                    note("\(branch) no longer descends from \(state.tip.prefix(12)) (rewritten or force-pushed): "
                         + "walking its whole history again")
                } else {
                    note("no walk state stored for this catalog (synced by an older census): walking its whole history")
                }
            }
            let walk = try builder.walk(history, commits: try builder.commits(of: history), continuing: nil, fetchedAt: now)
            return store(walk, kind: .fullWalk, previous: record, now: now)
        } catch let error as PolicyError {
            return fail(source.repository, error, now: now)
        } catch {
            return fail(source.repository, .manifestHistoryUnavailable(repository: git, problem: "\(error)"), now: now)
        }
    }

    /// Refreshes a registry catalog through its API, with credentials from `environment`, unless its
    /// stored facts are younger than the source's `refreshAfter` (and `force` is off): then nothing is asked.
    public func syncRegistry(_ source: CatalogSource, environment: [String: String] = ProcessInfo.processInfo.environment,
                             timeout: TimeInterval = 20, force: Bool = false, now: Date) async -> CatalogSyncOutcome {
        let host = source.repository.split(separator: "/").first.map(String.init) ?? source.repository
        let explicitURL: String?
        let isMCR: Bool
        switch source.kind {
        case .registry(let url): explicitURL = url; isMCR = false
        case .mcrCatalog(let url): explicitURL = url; isMCR = true
        case .manifest: return .failed(repository: source.repository,
                                       error: .registryInvalidResponse(url: source.repository, problem: "not a registry catalog"))
        }
        guard let baseURL = explicitURL.flatMap(URL.init(string:)) ?? RegistryClient.defaultBaseURL(forHost: host) else {
            return fail(source.repository, .registryInvalidResponse(url: host, problem: "cannot form the registry URL"), now: now)
        }
        let client = RegistryClient(baseURL: baseURL,
                                    credentials: RegistryCredentials.fromEnvironment(host: baseURL.hostWithPort,
                                                                                     environment: environment),
                                    timeout: timeout)
        let previousRecord = (try? database.catalog(repository: source.repository)) ?? nil
        let previous = previousRecord.map(Catalog.init(record:))
        let expectedSource = isMCR ? "mcr-catalog " : "registry \(baseURL.absoluteString)"
        if !force, let previousRecord, var previous, previousRecord.lastSyncError == nil,
           previousRecord.origin == Catalog.Origin.registry.rawValue,
           isMCR ? previousRecord.source.hasPrefix(expectedSource) : previousRecord.source == expectedSource {
            let age = now.timeIntervalSince(previousRecord.fetchedAt)
            if age >= 0, age < source.effectiveRefreshAfter {
                do {
                    try database.recordCatalogUnchanged(repository: source.repository, runID: runID, at: now, kind: .notDue)
                } catch {
                    previous.staleReason = "could not be stored: \(error)"
                }
                return .unchanged(previous, reason: "fetched \(CalendarDay.format(previousRecord.fetchedAt)), "
                                  + "refreshed \(Self.describe(source.effectiveRefreshAfter)) after that")
            }
        }
        do {
            let catalog = isMCR
                ? try await RegistryCatalogFetcher.mcrCatalog(repository: source.repository, client: client,
                                                              previous: previous, fetchedAt: now)
                : try await RegistryCatalogFetcher.distribution(repository: source.repository, client: client,
                                                                previous: previous, fetchedAt: now)
            return store(catalog, previous: previousRecord, now: now)
        } catch {
            return fail(source.repository, error, now: now)
        }
    }

    /// `interval` in the largest whole unit of `refreshAfter` (`24 h`, `7 d`, `30 min`).
    static func describe(_ interval: TimeInterval) -> String {
        let minutes = Int(interval / 60)
        if minutes % (24 * 60) == 0, minutes > 0 { return "\(minutes / (24 * 60)) d" }
        if minutes % 60 == 0, minutes > 0 { return "\(minutes / 60) h" }
        return "\(minutes) min"
    }

    /// The stored catalogs of `policy`'s sources (stale ones marked), for evaluation.
    public func snapshot(for policy: PolicyDocument) throws -> CatalogSnapshot {
        let wanted = Set(policy.catalogs.map(\.repository))
        return CatalogSnapshot(try database.catalogs().filter { wanted.contains($0.repository) }.map(Catalog.init(record:)))
    }

    private func store(_ walk: ManifestWalk, kind: CatalogSyncKind, previous: CatalogRecord?, now: Date) -> CatalogSyncOutcome {
        var record = walk.catalog.record
        record.syncedCommit = walk.state.tip
        record.walkState = walk.state.json
        return store(walk.catalog, record: record, kind: kind, walkedCommits: walk.walkedCommits, previous: previous, now: now)
    }

    private func store(_ catalog: Catalog, previous: CatalogRecord?, now: Date) -> CatalogSyncOutcome {
        store(catalog, record: catalog.record, kind: .fetched, walkedCommits: nil, previous: previous, now: now)
    }

    /// Stores a refreshed catalog; its warnings keep the date they were first stored while they stay the same.
    private func store(_ catalog: Catalog, record: CatalogRecord, kind: CatalogSyncKind, walkedCommits: Int?,
                       previous: CatalogRecord?, now: Date) -> CatalogSyncOutcome {
        var catalog = catalog
        var record = record
        let since = previous.flatMap { $0.warnings == catalog.warnings ? ($0.warningsSince ?? $0.fetchedAt) : nil } ?? now
        catalog.warningsSince = since
        record.warningsSince = since
        do {
            try database.storeCatalog(record, runID: runID, at: now, kind: kind, walkedCommits: walkedCommits)
            return .fresh(catalog)
        } catch {
            var stale = catalog
            stale.staleReason = "could not be stored: \(error)"
            return .stale(stale, error: .manifestHistoryUnavailable(repository: catalog.repository, problem: "\(error)"))
        }
    }

    private func fail(_ repository: String, _ error: PolicyError, now: Date) -> CatalogSyncOutcome {
        try? database.recordCatalogSyncFailure(repository: repository, runID: runID, at: now, error: error.description)
        guard let record = try? database.catalog(repository: repository) else {
            return .failed(repository: repository, error: error)
        }
        return .stale(Catalog(record: record), error: error)
    }
}
