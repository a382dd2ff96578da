import ArgumentParser
import Foundation

/// Options every command shares where they apply (docs/cli.md).
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The inventory database.", valueName: "path"))
    var db: String = "census.sqlite"
}

/// Where mirrors of network repositories are kept (a local repository is read in place).
struct CacheOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Folder for the bare mirrors of network repositories. (default: ~/.cache/census/mirrors)", valueName: "folder"))
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

/// The columns of the terminal on standard output (`COLUMNS` or 80 when it does not say).
func terminalWidth() -> Int {
    var size = winsize()
    if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 80
}

/// `--jobs`: at least one, at most 256 (more would only queue on the network and the disk).
func validateJobs(_ jobs: Int) throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    guard jobs <= 256 else { throw ValidationError("--jobs must be at most 256") }
}

/// Writes text to standard output.
func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// Writes a line to standard error.
func printErr(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
