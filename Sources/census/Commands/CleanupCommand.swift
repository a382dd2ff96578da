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
                                   valueName: "n"))
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
            var files: [ReportFile] = []
            let plans = try CleanupPlan.load(from: inventory, policy: document, run: run, runs: runs,
                                             repository: repository.map(ImageReferenceName.normalize))
            for source in document.catalogs where repository == nil && !plans.contains(where: { $0.repository == source.repository }) {
                printErr("warning: \(source.repository): no stored catalog, so no plan; run `census catalog sync`")
            }
            for var plan in plans {
                if plan.origin == Catalog.Origin.registry.rawValue, !offline,
                   let base = plan.registryURL.flatMap(URL.init(string:)) {
                    if let warning = await plan.measureSizes(with: RegistryClient(baseURL: base)) {
                        printErr("warning: \(plan.repository): \(warning)")
                    }
                }
                printOut(plan.summaryLine)
                files += try plan.files()
            }
            try options.write(files, week: run.week)
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

        @Option(help: ArgumentHelp("The JSON plan written by `census cleanup plan`.", valueName: "path"))
        var plan: String
        @Flag(help: "Delete for real. Without it, print what would be deleted and delete nothing.")
        var yes = false
        @OptionGroup var database: DatabaseOption
        @Option(name: .customLong("registry-url"),
                help: ArgumentHelp("The registry's base URL. (default: the plan's, from the policy or the repository's host)",
                                   valueName: "url"))
        var registryURL: String?
        @Option(help: ArgumentHelp("The log the actions are appended to. (default: the plan's path with .log for .json)",
                                   valueName: "path"))
        var log: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("Seconds each registry request may take.", valueName: "seconds"))
        var timeout: Int = 20

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
            let client = RegistryClient(baseURL: base, timeout: TimeInterval(timeout))
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
