import ArgumentParser
import Foundation
import Inventory
import Reports

/// `census sql`: one read-only query against the inventory.
struct SQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run one read-only SQL query against the inventory (see docs/queries.md and docs/schema.md).",
        discussion: """
            The database is opened read-only: a statement that would change it is refused (exit code 2).

            A query that begins with "-" (such as an SQL comment "-- …") would be read as an option: \
            put "--" before it, after every option, e.g. census sql --format csv -- "$(cat query.sql)".

            A query is stopped with an error when it runs longer than --timeout or when one value, or \
            all of its rows together, would need more than --memory-limit.
            """)

    // The hint is in the short help too: it is what ArgumentParser prints when a query beginning
    // with "-" was taken for an option and the query is then reported missing.
    @Argument(help: ArgumentHelp(
        "One SQL statement, e.g. \"SELECT image, branches FROM image_usage ORDER BY branches DESC\"; put \"--\" before a query that begins with \"-\".",
        valueName: "query"))
    var query: String
    @OptionGroup var database: DatabaseOption
    @Option(help: ArgumentHelp("How to print the results. (default: table on a terminal, json when piped)", valueName: "format")) var format: QueryResultFormatter.Format?
    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seconds the query may run before it is stopped. (default: \(Int(QueryLimits.standard.seconds)))",
        valueName: "seconds"))
    var timeout: Double?
    @Option(name: .customLong("memory-limit"), parsing: .unconditional,
            help: ArgumentHelp("Megabytes one value, and all returned rows together, may take.", valueName: "megabytes"))
    var memoryLimit: Int = QueryLimits.standard.megabytes

    func validate() throws {
        if let timeout, !(timeout > 0 && timeout.isFinite) { throw ValidationError("--timeout must be more than 0 seconds") }
        guard memoryLimit >= 1 else { throw ValidationError("--memory-limit must be at least 1 MB") }
    }

    func run() throws {
        let inventory = try openInventory(database.db)
        let limits = QueryLimits(seconds: timeout ?? QueryLimits.standard.seconds, megabytes: memoryLimit)
        let result = try inventory.readOnlyQuery(sql: query, limits: limits)
        let chosen = format ?? (isatty(STDOUT_FILENO) == 1 ? .table : .json)
        let text = QueryResultFormatter.render(result, as: chosen)
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension QueryResultFormatter.Format: ExpressibleByArgument {}
