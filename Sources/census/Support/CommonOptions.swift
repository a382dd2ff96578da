import ArgumentParser
import Foundation

/// Options every command shares where they apply (docs/cli.md).
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "The inventory database.")
    var db: String = "census.sqlite"
}

/// Where mirrors are kept.
struct CacheOption: ParsableArguments {
    @Option(name: .long, help: "Folder for bare mirrors (default ~/.cache/census/mirrors).")
    var cache: String?

    var resolvedCache: String {
        if let cache { return cache }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.cache/census/mirrors"
    }
}

/// Output for people (a table) or for programs (JSON): the table on a terminal, JSON when piped.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json

    static var automatic: ListFormat { isatty(STDOUT_FILENO) == 1 ? .table : .json }
}

/// Writes text to standard output.
func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Writes a line to standard error.
func printErr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
