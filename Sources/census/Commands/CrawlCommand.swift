import ArgumentParser
import Crawler
import Extraction
import Foundation
import Git
import Inventory
import Policy

/// `census crawl`: fetch every repository of repos.txt and record its images in the inventory.
struct CrawlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crawl",
        abstract: "Crawl the repositories of repos.txt into the inventory database.",
        discussion: """
            Exit code 3 when the crawl finished but some repositories failed (each is named).
            HTTPS tokens: CENSUS_GIT_TOKEN_<host> for one host (CENSUS_GIT_TOKEN_github_com), or CENSUS_GIT_TOKEN \
            for the hosts in CENSUS_GIT_TOKEN_HOSTS; a token is sent to no other host (docs/credentials.md).
            """)

    @Option(help: ArgumentHelp("The repository list (format: docs/repos-file.md).", valueName: "path")) var repos: String = "repos.txt"
    @OptionGroup var database: DatabaseOption
    @OptionGroup var cache: CacheOption
    @Option(parsing: .unconditional, help: ArgumentHelp("Repositories listed and fetched at once.", valueName: "n"))
    var jobs: Int = 8
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds one network operation (listing or fetching a repository) may take. (default: "
            + "\(Remote.defaultListTimeout.components.seconds) to list a repository's branches, "
            + "\(Remote.defaultFetchTimeout.components.seconds) to fetch them)", valueName: "seconds"))
    var timeout: Int?
    @OptionGroup var policy: PolicyOption
    @Flag(help: "When another census process is writing the database, wait for it instead of stopping.")
    var wait = false
    @Option(help: ArgumentHelp(
        "Crawl only shard I of N (0-based: 0/3, 1/3, 2/3), chosen by a stable hash of each repository; "
            + "census merge folds the shards into one run (docs/scale.md).", valueName: "shard"))
    var shard: String?

    func validate() throws {
        try validateJobs(jobs)
        if let timeout, timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        _ = try selectedShard()
    }

    /// `--shard I/N` read, or a usage error saying what it should look like.
    func selectedShard() throws -> Shard? {
        guard let shard else { return nil }
        guard let selected = Shard(shard) else {
            throw ValidationError("--shard must be I/N with 0 <= I < N, counting from 0 (0/3, 1/3, 2/3; "
                                  + "Kubernetes' JOB_COMPLETION_INDEX counts the same way), not '\(shard)'")
        }
        return selected
    }

    func run() async throws {
        let everyRepository = try RepoList.load(path: repos)
        guard !everyRepository.isEmpty else { throw CrawlerError.repoListEmpty(path: repos) }
        let shard = try selectedShard()
        let specs = shard.map { shard in everyRepository.filter(shard.owns) } ?? everyRepository
        if let shard {
            printErr("shard \(shard): \(specs.count.counted("repository")) of the \(everyRepository.count) in \(repos)")
        }
        // Read the policy first, so a broken policy.yml stops before any crawling (exit 2).
        let document = try policy.load()
        // Likewise a token without the hosts it is for (docs/credentials.md).
        let credentials = try Credentials.fromEnvironment()
        // Held until the policy is judged too: no other crawl may write this database meanwhile.
        let lock = try CrawlRunner.lock(databasePath: database.db, command: "crawl", wait: wait)
        defer {
            CrawlRunner.leaveWhole(databasePath: database.db)
            withExtendedLifetime(lock) {}
        }
        let summary = try await CrawlRunner.run(specs: specs, databasePath: database.db, lock: lock,
                                                cacheDirectory: cache.resolvedCache, jobs: jobs,
                                                timeout: timeout.map { .seconds($0) }, credentials: credentials,
                                                shard: shard)
        if let document {
            try await PolicyStage.run(policy: document, databasePath: database.db, cacheDirectory: cache.resolvedCache,
                                      runID: summary.runID)
        }
        if !summary.failures.isEmpty { throw ExitStatus.partialCrawl }
    }
}

/// Runs a crawl with progress output and prints its summary; shared by `crawl` and `demo`.
enum CrawlRunner {
    /// Leaves the whole inventory in the database file (nothing in its write-ahead log) once a writing
    /// command is done, whatever its outcome; a failure is said, never hidden.
    static func leaveWhole(databasePath: String) {
        guard FileManager.default.fileExists(atPath: databasePath) else { return }
        do {
            try AppDatabase.leaveWhole(path: databasePath)
        } catch {
            printErr("warning: \(error)")
        }
    }

    /// Takes the database's writer lock for `command`, saying on standard error whom it waits for.
    static func lock(databasePath: String, command: String, wait: Bool) throws -> InventoryWriterLock {
        try InventoryWriterLock.acquire(databasePath: databasePath, command: command, wait: wait) { holder in
            printErr("waiting for \(holder?.description ?? "another census process") to finish writing \(databasePath)")
        }
    }

    static func run(specs: [RepositorySpec], databasePath: String, lock: InventoryWriterLock, cacheDirectory: String,
                    jobs: Int, timeout: Duration? = nil,
                    credentials: Credentials = .anonymous, runDate: Date? = nil,
                    shard: Shard? = nil) async throws -> CrawlSummary {
        // libgit2 reads the system's CA certificates as it starts (about 5 ms), and the first repositories
        // are listed (as many as the network jobs), while the inventory opens.
        DispatchQueue.global().async { GitLibrary.initialize() }
        let early = EarlyListings(specs, count: jobs, credentials: credentials, timeout: timeout)
        let database = try AppDatabase(path: databasePath)
        // A run still marked running was cut off (Ctrl-C, a crash): the caller holds the writer lock,
        // so no live process is writing it. What it committed is kept.
        for run in try database.markUnfinishedRunsInterrupted(at: Date()) {
            printErr("note: run \(run) was interrupted; its recorded branches are kept")
        }
        var crawler = FleetCrawler(database: database, cacheDirectory: cacheDirectory, jobs: jobs,
                                   credentials: credentials, timeout: timeout)
        crawler.storageReserve = lock
        crawler.runDate = runDate
        crawler.censusVersion = CensusVersion.current
        crawler.shard = shard
        crawler.earlyListings = early
        let progress = CrawlProgressPrinter()
        let summary: CrawlSummary
        do {
            let interruption = CrawlInterruption(progress: progress)
            defer { interruption.end() }
            summary = try await crawler.crawl(specs) { progress.handle($0) }
        }
        progress.finish()
        printOut(summaryLine(summary))
        if !summary.failures.isEmpty {
            printOut("\(summary.failures.count.counted("repository")) failed:")
            for failure in summary.failures {
                if let error = failure.error {
                    printOut("  \(failure.name): \(error)")
                } else {
                    printOut("  \(failure.name): \(failure.partialError)")
                    for branch in failure.branchErrors { printOut("    branch \(branch)") }
                }
            }
        }
        return summary
    }

    /// "run 7: 40 repositories, 85 branches, 1234 references".
    static func summaryLine(_ summary: CrawlSummary) -> String {
        "run \(summary.runID): \(summary.outcomes.count.counted("repository")), "
            + "\(summary.branches.counted("branch")), \(summary.references.counted("reference"))"
    }
}
