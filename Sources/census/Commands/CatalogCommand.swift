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
            abstract: "Fetch every catalog of the policy into the inventory (exit 3 when one failed).")

        @OptionGroup var policy: PolicyOption
        @OptionGroup var database: DatabaseOption
        @OptionGroup var cache: CacheOption
        @Flag(help: "When another census process is writing the database, wait for it instead of stopping.")
        var wait = false

        func run() async throws {
            let document = try policy.require()
            let lock = try CrawlRunner.lock(databasePath: database.db, command: "catalog sync", wait: wait)
            defer {
                CrawlRunner.leaveWhole(databasePath: database.db)
                withExtendedLifetime(lock) {}
            }
            let appDatabase = try AppDatabase(path: database.db)
            let outcomes = await CatalogRefresher.refresh(policy: document, database: appDatabase,
                                                          cacheDirectory: cache.resolvedCache, runID: nil, now: Date())
            CatalogRefresher.print(outcomes)
            if outcomes.contains(where: { if case .fresh = $0 { return false } else { return true } }) {
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
    static func refresh(policy: PolicyDocument, database: AppDatabase, cacheDirectory: String, runID: Int64?,
                        now: Date) async -> [CatalogSyncOutcome] {
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
                    }, now: now)
                }
                outcomes.append(outcome ?? .failed(repository: source.repository,
                                                   error: .manifestHistoryUnavailable(repository: git, problem: "the sync thread failed")))
            case .registry, .mcrCatalog:
                outcomes.append(await sync.syncRegistry(source, now: now))
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
                for warning in catalog.warnings { printErr("warning: \(catalog.repository): \(warning)") }
            case .stale(let catalog, let error):
                printErr("\(catalog.repository): refresh failed, using data from \(CalendarDay.format(catalog.fetchedAt)): \(error)")
            case .failed(let repository, let error):
                printErr("\(repository): refresh failed and no earlier data exists: \(error)")
            }
        }
    }
}
