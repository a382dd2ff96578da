import ArgumentParser
import Foundation
import Reports

/// `census diff`: what appeared and disappeared between two runs.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the references (and findings) that appeared and disappeared between two runs.",
        discussion: "Without --from and --to, compares the last two finished crawls.")

    @OptionGroup var database: DatabaseOption
    @Option(name: .customLong("from"), help: ArgumentHelp(
        "The earlier run. (default: the finished crawl before the later run)", valueName: "run-id"))
    var fromRun: Int64?
    @Option(name: .customLong("to"), help: ArgumentHelp("The later run. (default: the last finished crawl)", valueName: "run-id"))
    var toRun: Int64?
    @Option(help: ArgumentHelp("How to print the results. (default: table on a terminal, json when piped)", valueName: "format")) var format: ListFormat?

    func run() throws {
        let inventory = try openInventory(database.db)
        let runs = try RunDiff.runs(from: fromRun, to: toRun, in: inventory)
        let diff = try RunDiff.load(from: inventory, runs: runs)
        switch format ?? .automatic {
        case .table: printOut(try RunDiffReporter.render(diff, as: .table))
        case .json: printOut(try RunDiffReporter.render(diff, as: .json))
        }
    }
}
