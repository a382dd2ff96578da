import ArgumentParser
import Extraction
import Foundation
import Inventory
import Policy

/// `census merge`: folds shard inventories (`census crawl --shard I/N`) into one run of a central inventory.
struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Fold shard inventories into one run of the central inventory.",
        discussion: """
            Merges the latest run of each shard inventory into one new run of --db. Merging a shard again \
            changes nothing. Findings are carried with the shards' policy hash; with --policy the merged run \
            is judged anew. Exit code 3 when a shard was partial or a shard of the split is missing; 2 when the \
            shards cannot be merged (different census versions or policies, a crawl still running). docs/scale.md.
            """)

    @OptionGroup var database: DatabaseOption
    @Argument(help: ArgumentHelp("The shard inventories (census crawl --shard I/N --db SHARD.sqlite).",
                                 valueName: "path"))
    var shards: [String]
    @Option(help: ArgumentHelp("Judge the merged run with this policy instead of carrying the shards' findings.",
                               valueName: "path"))
    var policy: String?
    @OptionGroup var cache: CacheOption
    @Flag(help: "When another census process is writing the database, wait for it instead of stopping.")
    var wait = false

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("give at least one shard inventory to merge") }
    }

    func run() async throws {
        let document = try policy.map { try PolicyDocument.load(contentsOf: URL(fileURLWithPath: $0)) }
        for shard in shards where !FileManager.default.fileExists(atPath: shard) {
            throw ValidationError("no shard inventory at \(shard): pass the --db file of each census crawl --shard")
        }
        let lock = try CrawlRunner.lock(databasePath: database.db, command: "merge", wait: wait)
        defer {
            CrawlRunner.leaveWhole(databasePath: database.db)
            withExtendedLifetime(lock) {}
        }
        let central = try AppDatabase(path: database.db)
        for run in try central.markUnfinishedRunsInterrupted(at: Date()) {
            printErr("note: run \(run) was interrupted; its recorded branches are kept")
        }
        let summary = try central.merge(shards: shards, censusVersion: CensusVersion.current,
                                        carryFindings: document == nil, at: Date())
        for shard in summary.alreadyMerged {
            printOut("\(shard.path): run \(shard.shardRunID) was merged into run \(shard.runID) before; skipped")
        }
        guard let runID = summary.runID else {
            printOut("nothing to merge: every shard was merged before")
            return
        }
        for shard in summary.merged {
            printOut("\(shard.path): run \(shard.shardRunID)\(shard.shard.map { " (shard \($0))" } ?? "") "
                     + "\(shard.status.rawValue) → run \(runID)")
        }
        printOut("run \(runID): \(summary.repositories.counted("repository")) from "
                 + "\(summary.merged.count.counted("shard"))"
                 + (summary.findingsCarried.map { ", \($0.counted("finding")) carried (policy \(summary.policyHash ?? "?"))" } ?? ""))
        if let document {
            try await PolicyStage.run(policy: document, databasePath: database.db, cacheDirectory: cache.resolvedCache,
                                      runID: runID)
        }
        var partial = false
        for shard in summary.merged where shard.status != .ok {
            printOut("shard \(shard.shard ?? shard.path) was \(shard.status.rawValue): its repositories are recorded as it left them")
            partial = true
        }
        if !summary.missingShards.isEmpty {
            printOut("missing shards: \(summary.missingShards.joined(separator: ", ")) (their repositories are not in run \(runID))")
            partial = true
        }
        let failed = try central.failedRepositories(runID: runID)
        let failedBranches = try central.failedBranches(runID: runID)
        if !failed.isEmpty || summary.repositoriesFailed > 0 {
            printOut("\(summary.repositoriesFailed.counted("repository")) failed:")
            for repository in failed { printOut("  \(repository.name): \(repository.error)") }
            for branch in failedBranches { printOut("  \(branch.repository): branch \(branch.branch): \(branch.error)") }
            partial = true
        }
        if partial { throw ExitStatus.partialCrawl }
    }
}
