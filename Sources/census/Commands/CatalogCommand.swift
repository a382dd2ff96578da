import ArgumentParser
import Crawler
import Extraction
import Foundation
import Git
import Inventory
import Policy
import Reports

/// `census catalog`: refresh and show the catalogs of standard tags the policy configures.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Refresh (sync) or print (show) the catalogs of standard tags.",
        subcommands: [Sync.self, Show.self])

    /// `census catalog sync`.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch every catalog of the policy into the inventory (exit 3 when one failed).",
            discussion: """
                Registry catalogs are asked again whatever their refreshAfter (a crawl waits for it to pass). \
                A git manifest catalog whose branch did not move is not walked again, and one that moved is \
                extended from the last synced commit; --full-walk walks every manifest history from its root.
                """)

        @OptionGroup var policy: PolicyOption
        @OptionGroup var database: DatabaseOption
        @OptionGroup var cache: CacheOption
        @Flag(help: "When another census process is writing the database, wait for it instead of stopping.")
        var wait = false
        @Flag(help: "Walk every git manifest history from its root instead of extending the stored one.")
        var fullWalk = false

        func run() async throws {
            let document = try policy.require()
            let lock = try CrawlRunner.lock(databasePath: database.db, command: "catalog sync", wait: wait)
            defer {
                CrawlRunner.leaveWhole(databasePath: database.db)
                withExtendedLifetime(lock) {}
            }
            let appDatabase = try AppDatabase(path: database.db)
            let outcomes = await CatalogRefresher.refresh(policy: document, database: appDatabase,
                                                          cacheDirectory: cache.resolvedCache, runID: nil, now: Date(),
                                                          forceRegistries: true, fullWalk: fullWalk)
            CatalogRefresher.print(outcomes)
            if outcomes.contains(where: { $0.isFailure }) {
                throw ExitStatus.partialCrawl
            }
        }
    }

    /// `census catalog show REPO`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the stored catalog of a repository.")

        @Argument(help: ArgumentHelp("The image repository, e.g. mcr.microsoft.com/dotnet-buildtools/prereqs.",
                                     valueName: "repository"))
        var repository: String
        @OptionGroup var database: DatabaseOption
        @Option(help: ArgumentHelp("How to print the results. (default: table on a terminal, json when piped)", valueName: "format")) var format: ListFormat?

        func run() throws {
            let name = ImageReferenceName.normalize(repository)
            guard let record = try openInventory(database.db).catalog(repository: name) else {
                throw ValidationError("no catalog of \(name) in \(database.db); run `census catalog sync`")
            }
            let catalog = Catalog(record: record)
            switch format ?? .automatic {
            case .json: printOut(try CatalogListing.json(catalog))
            case .table: printOut(CatalogListing.table(catalog))
            }
        }
    }
}

/// Normalizes a repository name given on the command line (`ubuntu` → `docker.io/library/ubuntu`).
enum ImageReferenceName {
    static func normalize(_ text: String) -> String {
        ImageReference.parse(text).nameWithoutTag ?? text
    }
}

/// Refreshes every catalog of a policy: manifests through the crawler's bare mirrors (on a dedicated
/// thread), registries through their APIs. A failure never stops the others; its last good data stays.
enum CatalogRefresher {
    /// A crawl leaves registry catalogs younger than their `refreshAfter` alone; `catalog sync` forces
    /// them (`forceRegistries`) and may walk manifest histories from their roots (`fullWalk`).
    static func refresh(policy: PolicyDocument, database: AppDatabase, cacheDirectory: String, runID: Int64?,
                        now: Date, forceRegistries: Bool = false, fullWalk: Bool = false) async -> [CatalogSyncOutcome] {
        let sync = CatalogSync(database: database, runID: runID)
        var outcomes: [CatalogSyncOutcome] = []
        for source in policy.catalogs {
            switch source.kind {
            case .manifest(let git, let branch, _):
                let store = MirrorStore(root: cacheDirectory)
                let outcome = try? await onDedicatedThread { () -> CatalogSyncOutcome in
                    GitLibrary.initialize()
                    return sync.syncManifest(source, history: {
                        let mirror = try store.openOrCreate(url: git)
                        let fetched = try mirror.fetch(url: git, branches: [branch], prune: false,
                                                       credentials: try Credentials.fromEnvironment())
                        guard let tip = fetched.branches[branch] else {
                            throw PolicyError.manifestHistoryUnavailable(repository: git,
                                                                         problem: "the remote has no branch '\(branch)'")
                        }
                        return GitManifestHistory(repository: mirror, tip: tip)
                    }, fullWalk: fullWalk, now: now, note: { printOut("\(source.repository): \($0)") })
                }
                outcomes.append(outcome ?? .failed(repository: source.repository,
                                                   error: .manifestHistoryUnavailable(repository: git, problem: "the sync thread failed")))
            case .registry, .mcrCatalog:
                outcomes.append(await sync.syncRegistry(source, force: forceRegistries, now: now))
            }
        }
        return outcomes
    }

    static func print(_ outcomes: [CatalogSyncOutcome]) {
        for outcome in outcomes {
            switch outcome {
            case .fresh(let catalog):
                printOut("\(catalog.repository): \(catalog.currentTags.count.counted("current tag")), "
                         + "\(catalog.tags.count - catalog.currentTags.count) removed")
                printWarnings(of: catalog, new: catalog.warningsSince == catalog.fetchedAt)
            case .unchanged(let catalog, let reason):
                printOut("\(catalog.repository): unchanged (\(reason)), \(catalog.currentTags.count.counted("current tag")), "
                         + "\(catalog.tags.count - catalog.currentTags.count) removed")
                printWarnings(of: catalog, new: false)
            case .stale(let catalog, let error):
                printErr("\(catalog.repository): refresh failed, using data from \(CalendarDay.format(catalog.fetchedAt)): \(error)")
            case .failed(let repository, let error):
                printErr("\(repository): refresh failed and no earlier data exists: \(error)")
            }
        }
    }

    /// A catalog's warnings in full when this refresh changed them; otherwise one line saying where they are.
    private static func printWarnings(of catalog: Catalog, new: Bool) {
        guard !catalog.warnings.isEmpty else { return }
        if new {
            for warning in catalog.warnings { printErr("warning: \(catalog.repository): \(warning)") }
            return
        }
        let since = catalog.warningsSince.map { ", unchanged since \(CalendarDay.format($0))" } ?? ", unchanged"
        printErr("\(catalog.repository): \(catalog.warnings.count.counted("catalog warning"))\(since); "
                 + "census catalog show \(catalog.repository) lists them")
    }
}
