import ArgumentParser
import Foundation

/// The `census` command: configuration only; the work is in the subcommands.
@main
struct Census: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "census",
        abstract: "Inventory the container images a fleet of repositories uses, and judge them.",
        discussion: """
            Commands, options, output formats and exit codes (0 success, 1 check found violations, 2 usage or \
            configuration error, 3 some repositories failed, 130 interrupted): docs/cli.md in the census repository.
            """,
        version: CensusVersion.current,
        subcommands: [
            CrawlCommand.self, MergeCommand.self, ScanCommand.self, CheckCommand.self, RefsCommand.self, ExplainCommand.self,
            CatalogCommand.self, CleanupCommand.self, DemoCommand.self, ReportCommand.self, DiffCommand.self, SQLCommand.self,
            MigrateCommand.self,
        ]
    )

    /// Runs the command, mapping errors to the exit codes of docs/cli.md (2 for usage and configuration errors).
    static func main() async {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: ExitStatus.normalize(error))
        }
        // Past parsing, an error is the command's own: its message alone, without the usage text.
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: ExitStatus.afterRun(error))
        }
    }
}
