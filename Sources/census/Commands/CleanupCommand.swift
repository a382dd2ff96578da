import ArgumentParser
import Extraction
import Foundation
import Inventory
import Policy
import Reports

/// `census cleanup plan|execute`: which old tags of the catalog repositories can go, and deleting them.
struct CleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Plan (plan) and carry out (execute) the deletion of old, unused tags of catalog repositories (docs/cleanup.md).",
        subcommands: [Plan.self, Execute.self])

    /// How many recent runs protect a tag unless `--runs` says otherwise.
    static let defaultRecentRuns = 4

    /// `census cleanup plan`.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classify every tag of each catalog repository as delete, blocked or keep; write reports/<week>/cleanup-<repository>.md, .csv and .json.")

        @OptionGroup var options: ReportCommand.Options
        @OptionGroup var policy: PolicyOption
        @Option(parsing: .unconditional,
                help: ArgumentHelp("How many recent finished crawls' usages protect a tag (a branch that went quiet still counts).",
                                   valueName: "k"))
        var runs: Int = CleanupCommand.defaultRecentRuns
        @Option(help: ArgumentHelp("Only the catalog of this repository. (default: every catalog of the policy)",
                                   valueName: "repository"))
        var repository: String?
        @Flag(help: "Do not ask registries for image sizes (the plan is then made from the inventory alone).")
        var offline = false

        func validate() throws {
            guard (1...1000).contains(runs) else { throw ValidationError("--runs must be between 1 and 1000") }
        }

        func run() async throws {
            let document = try policy.require()
            let (inventory, run) = try options.open()
            let stored = Dictionary(try inventory.catalogs().map { ($0.repository, Catalog(record: $0)) },
                                    uniquingKeysWith: { first, _ in first })
            var sources = document.catalogs.filter { stored[$0.repository] != nil }
            if let repository {
                let name = ImageReferenceName.normalize(repository)
                sources = sources.filter { $0.repository == name }
                if sources.isEmpty {
                    throw ReportsError.unknownCatalog(name, known: document.catalogs.map(\.repository).filter { stored[$0] != nil })
                }
            }
            guard !sources.isEmpty else {
                throw ReportsError.unknownCatalog(repository ?? "any repository", known: [])
            }
            let planner = CleanupPlanner(maxAgeDays: document.maxAgeDays, now: run.startedAt)
            var files: [ReportFile] = []
            for source in sources {
                guard let catalog = stored[source.repository] else { continue }
                let usages = try CleanupUsages.load(from: inventory, repository: catalog.repository, upToRun: run.runID, runs: runs)
                var plan = planner.plan(catalog: catalog, source: source, usages: usages.usages, week: run.week,
                                        runID: run.runID, recentRuns: runs, runIDs: usages.runIDs)
                if catalog.origin == .registry && !offline { await Self.measure(&plan) }
                let totals = plan.totals
                printOut("\(plan.repository): \(totals.delete) to delete, \(totals.blocked) blocked "
                         + "(\(totals.blockingUsages.counted("usage"))), \(totals.keep) kept of \(totals.tags.counted("tag"))")
                files += try plan.files()
            }
            try options.write(files, week: run.week)
        }

        /// Fills in the sizes of the delete and blocked tags from the registry; a failure leaves them unknown,
        /// with a warning in the plan.
        static func measure(_ plan: inout CleanupPlan) async {
            guard let base = plan.registryURL.flatMap(URL.init(string:)),
                  let path = ImageReference.parse(plan.repository).repository else { return }
            let client = RegistryClient(baseURL: base, credentials: RegistryCredentials.fromEnvironment(host: base.hostPort))
            for index in plan.tags.indices where plan.tags[index].verdict != .keep {
                let tag = plan.tags[index]
                do {
                    plan.tags[index].bytes = try await client.imageSize(of: path, reference: tag.digest ?? tag.tag)
                } catch {
                    plan.warnings.append("sizes are unknown: \(error)")
                    printErr("warning: \(plan.repository): sizes are unknown: \(error)")
                    break
                }
            }
            plan.updateTotals()
        }
    }

    /// `census cleanup execute --plan FILE`.
    struct Execute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete exactly the plan's delete tags through the registry API (a dry run unless --yes).",
            discussion: """
                Each tag is checked again first: a tag some usage names now (in the plan's window of recent runs, up to \
                the latest crawl), a tag that points to other content than when planned, and a digest another tag still \
                points to are left alone and reported. Exit 0 when every delete tag was deleted (or would be), 3 when \
                some were skipped, refused or failed, 2 when the registry could not be used at all (nothing deleted).
                """)

        @Option(help: ArgumentHelp("The JSON plan written by `census cleanup plan`.", valueName: "file"))
        var plan: String
        @Flag(help: "Delete for real. Without it, print what would be deleted and delete nothing.")
        var yes = false
        @OptionGroup var database: DatabaseOption
        @Option(name: .customLong("registry-url"),
                help: ArgumentHelp("The registry's base URL. (default: the plan's, from the policy or the repository's host)",
                                   valueName: "url"))
        var registryURL: String?
        @Option(help: ArgumentHelp("The log the actions are appended to. (default: the plan's path with .log for .json)",
                                   valueName: "file"))
        var log: String?
        @Option(help: ArgumentHelp("Seconds each registry request may take.", valueName: "seconds"))
        var timeout: Double = 20

        func validate() throws {
            guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
            if let registryURL, URL(string: registryURL)?.host == nil {
                throw ValidationError("--registry-url must be a URL such as https://registry.example.com")
            }
        }

        func run() async throws {
            let planned = try CleanupPlan.load(path: plan)
            let inventory = try openInventory(database.db)
            let latest = try ReportWeek.resolve(nil, in: inventory)
            let usages = try CleanupUsages.load(from: inventory, repository: planned.repository, upToRun: latest.runID,
                                                runs: planned.recentRuns)
            let mode = yes ? "delete" : "dry run (pass --yes to delete)"
            printOut("\(planned.repository): \(planned.totals.delete.counted("tag")) to delete; \(mode); "
                     + "usages re-checked in runs \(usages.runIDs.map { "#\($0)" }.joined(separator: ", "))")
            guard planned.totals.delete > 0 else {
                printOut("nothing to delete")
                return
            }
            guard let base = (registryURL ?? planned.registryURL).flatMap(URL.init(string:)) else {
                throw ValidationError("\(plan): the plan names no registry URL; pass --registry-url")
            }
            let client = RegistryClient(baseURL: base, credentials: RegistryCredentials.fromEnvironment(host: base.hostPort),
                                        timeout: timeout)
            let actions: [CleanupAction]
            do {
                actions = try await CleanupExecutor(plan: planned, client: client)
                    .run(dryRun: !yes) { tag, digest in usages.naming(tag: tag, digest: digest) }
            } catch {
                throw ValidationError("\(error); nothing was deleted")
            }
            var lines: [String] = []
            for action in actions {
                let line = "\(action.outcome.rawValue)  \(planned.repository):\(action.tag)  \(action.digest ?? "-")  \(action.detail)"
                printOut(line)
                lines.append(line)
            }
            let done = actions.filter(\.isDone).count
            let summary = "\(yes ? "deleted" : "would delete") \(actions.filter { $0.outcome == .deleted || $0.outcome == .wouldDelete }.count.counted("tag")), "
                + "\(actions.filter { $0.outcome == .alreadyGone }.count) already gone, \(actions.count - done) left alone"
            printOut(summary)
            try appendLog(lines + [summary], mode: mode)
            if done < actions.count { throw ExitStatus.partialCrawl }
        }

        private func appendLog(_ lines: [String], mode: String) throws {
            let path = log ?? (plan.hasSuffix(".json") ? String(plan.dropLast(5)) + ".log" : plan + ".log")
            let stamp = ISO8601DateFormatter().string(from: Date())
            let text = lines.map { "\(stamp)  \($0)\n" }.joined()
            let header = "\(stamp)  census cleanup execute --plan \(plan): \(mode)\n"
            let data = Data((header + text).utf8)
            if let handle = FileHandle(forWritingAtPath: path) {
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: data)
            } else {
                do {
                    try data.write(to: URL(fileURLWithPath: path))
                } catch {
                    throw ValidationError("cannot write the log \(path): \(error.localizedDescription)")
                }
            }
        }
    }
}

extension URL {
    /// `host:port` (or just the host), the key registry credentials are looked up by.
    var hostPort: String {
        guard let host else { return absoluteString }
        return port.map { "\(host):\($0)" } ?? host
    }
}
