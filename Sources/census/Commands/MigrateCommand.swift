import ArgumentParser
import Foundation
import Git
import Inventory
import Migration
import Policy

/// `census migrate`: rewrite matching images where their text is written, on every current branch, as
/// verified commits in the mirrors; print the plan, write patches, or push each change for review.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move image usages to a new image, editing each at the place its text is written.",
        usage: """
            census migrate --from <glob> --to <image> [--repo <name>] [--branch <glob>] [--commit | --push | --patch-dir <folder>]
            census migrate --suggested [--rule <name> ...] [--repo <name>] [--branch <glob>] [--commit | --push | --patch-dir <folder>]
            """,
        discussion: """
            Each current branch of the inventory is read again from its mirror; every usage matching --from (or, \
            with --suggested, every usage a finding suggests a replacement for) is traced to the place its image \
            text is written, that text is rewritten, and the change is committed after the scanned tip (no \
            checkout) and re-scanned to prove it. By default only the plan is printed (docs/migrate.md). \
            --push sends each verified change to the branch census/migrate/<name>/<branch> of the repository, \
            only if the branch still points at the scanned commit, with the HTTPS tokens of a crawl \
            (CENSUS_GIT_TOKEN_<host>, or CENSUS_GIT_TOKEN with CENSUS_GIT_TOKEN_HOSTS; docs/credentials.md). \
            --commit, --push and --patch-dir record each change in the inventory (migration_change). \
            Exit code 3 when some change was not offered or not pushed (each is named).
            """)

    @OptionGroup var database: DatabaseOption
    @OptionGroup var cache: CacheOption
    @Option(help: ArgumentHelp("Usages whose image (as resolved, or normalized) matches this glob.", valueName: "glob"))
    var from: String?
    @Option(help: ArgumentHelp("The image they move to.", valueName: "image")) var to: String?
    @Flag(help: "Move each usage to the replacement its findings suggest (needs a crawl with a policy).")
    var suggested = false
    @Option(name: .customLong("rule"), parsing: .singleValue,
            help: ArgumentHelp("With --suggested: the rules whose suggestions are applied, first one wins where they differ. "
                               + "(default: deprecated-image, removed-tag, eol-os, outdated-tag)", valueName: "name"))
    var rules: [String] = []
    @Option(help: ArgumentHelp("Only this repository, by name.", valueName: "name")) var repo: String?
    @Option(help: ArgumentHelp("Only branches matching this glob.", valueName: "glob")) var branch: String?
    @Option(help: ArgumentHelp("The <name> of the branches census/migrate/<name>/<branch>. (default: from the target image)",
                               valueName: "name"))
    var name: String?
    @Option(help: ArgumentHelp("Author and committer of the changes, as \"Name <email>\".", valueName: "name"))
    var author = "census migrate <census@census.invalid>"
    @Option(help: ArgumentHelp("The commit subject (the changed and left-alone usages are listed after it).", valueName: "text"))
    var message: String?
    @Flag(help: "Print the plan and create no branch, as happens without --commit.") var dryRun = false
    @Flag(help: "Also put each verified change on the branch census/migrate/<name>/<branch> in the mirror.")
    var commit = false
    @Flag(help: "Also push each verified change to the branch census/migrate/<name>/<branch> of its repository (implies --commit).")
    var push = false
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds one push may take. (default: \(Remote.defaultPushTimeout.components.seconds))", valueName: "seconds"))
    var timeout: Int?
    @Flag(help: "When another census process is writing the database, wait for it instead of stopping.")
    var wait = false
    @Option(help: ArgumentHelp("Write one git format-patch file per repository and branch into this folder instead of the plan.",
                               valueName: "folder"))
    var patchDir: String?
    @Option(help: ArgumentHelp("Write the plan (and with --push each pull-request text) into this folder instead of printing it.",
                               valueName: "folder"))
    var out: String?
    @Option(help: ArgumentHelp("Format of the plan. (default: markdown on a terminal, json when piped)", valueName: "format"))
    var format: PlanFormat?

    enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
        case markdown, json

        static var automatic: PlanFormat { isatty(STDOUT_FILENO) == 1 ? .markdown : .json }

        var plan: MigrationPlanFormat {
            switch self {
            case .markdown: .markdown
            case .json: .json
            }
        }
    }

    func validate() throws {
        if suggested {
            guard from == nil, to == nil else { throw ValidationError("--suggested takes no --from or --to") }
        } else {
            guard from != nil, to != nil else { throw ValidationError("give --from GLOB and --to IMAGE, or --suggested") }
        }
        if !rules.isEmpty, !suggested { throw ValidationError("--rule goes with --suggested") }
        for rule in rules where RuleID(rawValue: rule) == nil {
            throw ValidationError("--rule '\(rule)' is not a rule id (\(RuleID.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if dryRun, commit { throw ValidationError("--dry-run and --commit exclude each other") }
        if dryRun, push { throw ValidationError("--dry-run and --push exclude each other") }
        if push, patchDir != nil { throw ValidationError("--push and --patch-dir exclude each other (a patch is written instead of pushing)") }
        if timeout != nil, !push { throw ValidationError("--timeout goes with --push") }
        if let timeout, timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if patchDir != nil, out != nil { throw ValidationError("--patch-dir and --out exclude each other") }
        guard author.contains("<"), author.hasSuffix(">") else {
            throw ValidationError("--author must read \"Name <email>\"")
        }
    }

    /// Whether this run records what it proposes (and so writes the database): a dry run only reads.
    var records: Bool { commit || push || patchDir != nil }

    func run() throws {
        let inventory = try openInventory(database.db)
        // Checked before anything is written: a token without the hosts it is for is a configuration error.
        let credentials = push ? try Credentials.fromEnvironment() : .anonymous
        // Held while changes are made and recorded, as a crawl holds it.
        let lock = records ? try CrawlRunner.lock(databasePath: database.db, command: "migrate", wait: wait) : nil
        defer {
            if records { CrawlRunner.leaveWhole(databasePath: database.db) }
            withExtendedLifetime(lock) {}
        }
        let selection: MigrationSelection
        let defaultName: String
        if suggested {
            selection = .suggested(try suggestions(inventory))
            defaultName = "suggested"
        } else if let from, let to {
            do {
                selection = .image(from: try Glob(from), to: to)
            } catch {
                throw MigrationError.invalidPattern(from, problem: error.problem)
            }
            defaultName = MigrationRequest.defaultName(for: to)
        } else {
            throw ValidationError("give --from GLOB and --to IMAGE, or --suggested")
        }
        var branchGlob: Glob?
        if let branch {
            do {
                branchGlob = try Glob(branch)
            } catch {
                throw ValidationError("--branch '\(branch)' is not a valid pattern: \(error.problem)")
            }
        }
        let date = Date()
        var pushSettings: PushSettings?
        if push {
            var earlier: [PushSettings.EarlierPush: ObjectID] = [:]
            for change in try inventory.migrationChanges() where change.pushed {
                guard let branch = change.proposedBranch, let commit = ObjectID(hex: change.newCommit) else { continue }
                earlier[PushSettings.EarlierPush(repository: change.repository, branch: branch)] = commit
            }
            pushSettings = PushSettings(credentials: credentials,
                                        timeout: timeout.map { .seconds($0) } ?? Remote.defaultPushTimeout, earlier: earlier)
        }
        let request = MigrationRequest(selection: selection, repository: repo, branch: branchGlob,
                                       name: name ?? defaultName, author: author, message: message, date: date,
                                       createBranches: commit, push: pushSettings)
        var results = try MigrationRunner(database: inventory, mirrorRoot: cache.resolvedCache).run(request)
        if push { try describePushes(&results, inventory: inventory) }
        let plan = MigrationPlan(title: message ?? MigrationRequest.subject(for: selection), branches: results)
        var patches: [String: String] = [:]
        if let patchDir {
            try FileManager.default.createDirectory(atPath: patchDir, withIntermediateDirectories: true)
            for branch in results {
                guard let text = FormatPatch.patch(for: branch, author: author, date: date) else { continue }
                let path = (patchDir as NSString).appendingPathComponent(FormatPatch.fileName(for: branch))
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                patches["\(branch.repository)\n\(branch.branch)"] = path
                printOut(path)
            }
        } else if let out {
            // A file is for reading: Markdown unless JSON is asked for.
            let chosen = (format ?? .markdown).plan
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let path = (out as NSString).appendingPathComponent(chosen.fileName)
            try Data(try chosen.render(plan).utf8).write(to: URL(fileURLWithPath: path))
            printOut(path)
            // The plan is in a file: each pushed branch is named here, with its compare page and pull-request text.
            for branch in results {
                guard let pushed = branch.push, pushed.isPushed else { continue }
                var line = "\(branch.repository)@\(branch.branch): pushed \(pushed.branch)"
                if let url = pushed.compareURL { line += " \(url)" }
                if let file = pushed.pullRequestFile { line += " (pull request: \(file))" }
                printOut(line)
            }
        } else {
            printOut(try (format ?? .automatic).plan.render(plan))
        }
        if records {
            let runs = Dictionary(try inventory.currentBranches().map { ("\($0.repository)\n\($0.branch)", $0.runID) },
                                  uniquingKeysWith: { first, _ in first })
            let changes = results.compactMap { branch in
                let key = "\(branch.repository)\n\(branch.branch)"
                return MigrationProposals.record(of: branch, runID: runs[key] ?? nil, patchFile: patches[key], date: date)
            }
            try AppDatabase(path: database.db).recordMigrationChanges(changes)
        }
        for branch in plan.failed {
            let why: String
            if let problem = branch.problem {
                why = problem
            } else if case .failed(let problems) = branch.verification {
                why = "the re-scan of the change disagrees with the plan: " + problems.joined(separator: "; ")
            } else {
                why = "not offered"
            }
            printErr("census: \(branch.repository)@\(branch.branch): change not offered: \(why)")
        }
        for branch in plan.notPushed {
            printErr("census: \(branch.repository)@\(branch.branch): not pushed: \(branch.push?.error ?? "refused")")
        }
        if !plan.failed.isEmpty || !plan.notPushed.isEmpty { throw ExitStatus.partialCrawl }
    }

    /// Adds to each pushed branch its compare page and pull-request text, written under `--out` when given.
    private func describePushes(_ results: inout [BranchMigration], inventory: AppDatabase) throws {
        let repositories = Dictionary(try inventory.repositories().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in results.indices {
            guard var pushed = results[index].push, pushed.isPushed else { continue }
            let branch = results[index]
            pushed.compareURL = MigrationProposals.compareURL(for: branch, pushedBranch: pushed.branch)
            let text = try MigrationProposals.pullRequest(for: branch, pushedBranch: pushed.branch, inventory: inventory,
                                                          repository: repositories[branch.repository])
            pushed.pullRequestTitle = text.title
            pushed.pullRequestBody = text.body
            if let out {
                let path = (out as NSString).appendingPathComponent(MigrationProposals.pullRequestFileName(for: branch))
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try Data("# \(text.title)\n\n\(text.body)".utf8).write(to: URL(fileURLWithPath: path))
                pushed.pullRequestFile = path
            }
            results[index].push = pushed
        }
    }

    /// The rules whose suggestions `--suggested` applies by default: each names a newer image of the same
    /// family. `unapproved-base-image` and `non-standard-image` suggest a different base altogether, which a
    /// team chooses, not a tool.
    static let defaultRules: [RuleID] = [.deprecatedImage, .removedTag, .eolOS, .outdatedTag]

    /// Each current usage's suggested replacement, from the first of the chosen rules that suggests one.
    private func suggestions(_ inventory: AppDatabase) throws -> [MigrationSelection.SuggestedUsage: String] {
        let order = rules.isEmpty ? Self.defaultRules.map(\.rawValue) : rules
        var found: [MigrationSelection.SuggestedUsage: (rank: Int, image: String)] = [:]
        for finding in try inventory.currentFindings() {
            guard let image = finding.image, let suggestion = finding.suggestion,
                  let rank = order.firstIndex(of: finding.rule) else { continue }
            let key = MigrationSelection.SuggestedUsage(repository: finding.repository, branch: finding.branch, path: finding.path,
                                                        line: finding.line, kind: finding.kind, image: image)
            if let existing = found[key], existing.rank <= rank { continue }
            found[key] = (rank, suggestion)
        }
        return found.mapValues(\.image)
    }
}
