import ArgumentParser
import Foundation

/// The `census` command: configuration only; the work is in the subcommands.
@main
struct Census: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "census",
        abstract: "Inventory the container images a fleet of repositories uses, and judge them.",
        version: CensusVersion.current,
        subcommands: [
            CrawlCommand.self, ScanCommand.self, CheckCommand.self, RefsCommand.self, ExplainCommand.self,
            CatalogCommand.self, DemoCommand.self, ReportCommand.self, DiffCommand.self, SQLCommand.self,
        ]
    )

    /// Runs the command, mapping errors to SPEC §8 exit codes (2 for usage and configuration errors).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: ExitStatus.normalize(error))
        }
    }
}
