import Foundation
import Inventory

/// How refreshing one catalog went.
public enum CatalogSyncOutcome: Sendable {
    /// Fetched now.
    case fresh(Catalog)
    /// The refresh failed; these are the last good facts, marked stale.
    case stale(Catalog, error: PolicyError)
    /// The refresh failed and no earlier facts exist.
    case failed(repository: String, error: PolicyError)

    /// The repository the outcome is about.
    public var repository: String {
        switch self {
        case .fresh(let catalog), .stale(let catalog, _): return catalog.repository
        case .failed(let repository, _): return repository
        }
    }

    /// The catalog to judge with, if any.
    public var catalog: Catalog? {
        switch self {
        case .fresh(let catalog), .stale(let catalog, _): return catalog
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

    /// Rebuilds a manifest catalog from `history` (walked on the caller's thread: libgit2 handles stay on
    /// one thread, so call this from a blocking worker, not the cooperative pool).
    public func syncManifest(_ source: CatalogSource, history: () throws -> any ManifestHistorySource,
                             now: Date) -> CatalogSyncOutcome {
        guard case .manifest(let git, let branch, let path) = source.kind else {
            return .failed(repository: source.repository,
                           error: .invalidManifest(path: source.repository, commit: nil, problem: "not a manifest catalog"))
        }
        do {
            let builder = ManifestCatalogBuilder(repository: source.repository, manifestPath: path,
                                                 sourceDescription: "git \(git) \(branch):\(path)")
            let catalog = try builder.build(from: try history(), fetchedAt: now)
            return store(catalog, now: now)
        } catch let error as PolicyError {
            return fail(source.repository, error, now: now)
        } catch {
            return fail(source.repository, .manifestHistoryUnavailable(repository: git, problem: "\(error)"), now: now)
        }
    }

    /// Refreshes a registry catalog through its API, with credentials from `environment`.
    public func syncRegistry(_ source: CatalogSource, environment: [String: String] = ProcessInfo.processInfo.environment,
                             timeout: TimeInterval = 20, now: Date) async -> CatalogSyncOutcome {
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
        let previous = (try? database.catalog(repository: source.repository)).flatMap { $0.map(Catalog.init(record:)) }
        do {
            let catalog = isMCR
                ? try await RegistryCatalogFetcher.mcrCatalog(repository: source.repository, client: client,
                                                              previous: previous, fetchedAt: now)
                : try await RegistryCatalogFetcher.distribution(repository: source.repository, client: client,
                                                                previous: previous, fetchedAt: now)
            return store(catalog, now: now)
        } catch {
            return fail(source.repository, error, now: now)
        }
    }

    /// The stored catalogs of `policy`'s sources (stale ones marked), for evaluation.
    public func snapshot(for policy: PolicyDocument) throws -> CatalogSnapshot {
        let wanted = Set(policy.catalogs.map(\.repository))
        return CatalogSnapshot(try database.catalogs().filter { wanted.contains($0.repository) }.map(Catalog.init(record:)))
    }

    private func store(_ catalog: Catalog, now: Date) -> CatalogSyncOutcome {
        do {
            try database.storeCatalog(catalog.record, runID: runID, at: now)
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
