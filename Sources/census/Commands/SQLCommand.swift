import ArgumentParser
import Foundation
import Reports

/// `census sql`: one read-only query against the inventory.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run one read-only SQL query against the inventory (see docs/queries.md and docs/schema.md).",
        discussion: "The database is opened read-only: a statement that would change it is refused (exit code 2).")

    @Argument(help: "One SQL statement, e.g. \"SELECT image, branches FROM image_usage ORDER BY branches DESC\".")
    var query: String
    @OptionGroup var database: DatabaseOption
    @Option(help: "table (default on a terminal), csv or json.") var format: QueryResultFormatter.Format?

    func run() throws {
        let inventory = try openInventory(database.db)
        let result = try inventory.readOnlyQuery(sql: query)
        let chosen = format ?? (isatty(STDOUT_FILENO) == 1 ? .table : .json)
        let text = QueryResultFormatter.render(result, as: chosen)
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension QueryResultFormatter.Format: ExpressibleByArgument {}
