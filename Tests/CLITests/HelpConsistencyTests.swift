import Foundation
import XCTest

/// Every command's `--help`, walked from the root as a user finds them: defaults are written one
/// way, placeholders name what they take, and output formats say what is used when piped.
final class HelpConsistencyTests: XCTestCase {
    /// What a placeholder may say; a generic `<value>` or an option's own name is not among them.
    private static let placeholders: Set<String> = [
        "path", "folder", "n", "seconds", "megabytes", "glob", "name", "revision", "format", "severity", "iso-week",
        "run-id", "query", "image", "repository", "owner", "subcommand", "url", "text", "shard",
    ]

    /// One option or argument of a help screen, its lines joined.
    private struct Entry {
        var synopsis: String
        var help: String
    }

    private func help(_ command: [String]) throws -> String {
        let result = try CensusRunner.run(command + ["--help"])
        XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
        return result.stdout
    }

    /// The lines of one section ("OPTIONS:", "SUBCOMMANDS:", …) of a help screen.
    private func section(_ title: String, of text: String) -> [String] {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: title) else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.isEmpty })
    }

    private func entries(of text: String) -> [Entry] {
        var entries: [Entry] = []
        for line in section("ARGUMENTS:", of: text) + section("OPTIONS:", of: text) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("  "), !line.hasPrefix("   ") {
                // "  --jobs <n>              Repositories …": the synopsis ends at two spaces.
                let parts = trimmed.components(separatedBy: "  ")
                entries.append(Entry(synopsis: parts[0], help: parts.dropFirst().joined(separator: " ")
                    .trimmingCharacters(in: .whitespaces)))
            } else if !entries.isEmpty {
                entries[entries.count - 1].help += (entries[entries.count - 1].help.isEmpty ? "" : " ") + trimmed
            }
        }
        return entries
    }

    /// Every command, found through the SUBCOMMANDS sections from the root down.
    private func allCommands() throws -> [[String]] {
        var found: [[String]] = []
        var pending: [[String]] = [[]]
        while let command = pending.popLast() {
            found.append(command)
            for line in section("SUBCOMMANDS:", of: try help(command)) where line.hasPrefix("  ") && !line.hasPrefix("   ") {
                let name = line.trimmingCharacters(in: .whitespaces).components(separatedBy: " ")[0]
                if name != "help" { pending.append(command + [name]) }
            }
        }
        return found.sorted { $0.joined(separator: " ") < $1.joined(separator: " ") }
    }

    func testEveryHelpScreenWritesDefaultsOneWayAndNamesWhatPlaceholdersTake() throws {
        let commands = try allCommands()
        XCTAssertTrue(commands.contains(["crawl"]) && commands.contains(["report", "migration"]), "\(commands)")
        var checked = 0
        for command in commands {
            let text = try help(command)
            let name = (["census"] + command).joined(separator: " ")
            let synopses = text.components(separatedBy: "\n").filter { $0.hasPrefix("USAGE:") } + entries(of: text).map(\.synopsis)
            for placeholder in synopses.joined(separator: " ").matches(of: /<([^<>\s]+)>/).map({ String($0.output.1) }) {
                XCTAssertTrue(Self.placeholders.contains(placeholder), "\(name): placeholder <\(placeholder)>")
            }
            for entry in entries(of: text) where !entry.synopsis.hasPrefix("-h") {
                checked += 1
                let what = "\(name) \(entry.synopsis): \(entry.help)"
                // A default is written "(default: …)", or "(values: …; default: …)" by the parser.
                let defaults = entry.help.matches(of: /default/).count
                let written = entry.help.matches(of: /\((?:values: [^()]*; )?default: [^()]+\)/).count
                XCTAssertEqual(defaults, written, what)
                if entry.synopsis.contains("<n>") || entry.synopsis.contains("<seconds>")
                    || entry.synopsis.contains("<megabytes>") {
                    XCTAssertEqual(written, 1, "a number's default is shown: \(what)")
                }
                if entry.synopsis.hasPrefix("--format"), entry.help.contains("json"), !text.contains("--format <format> ...") {
                    // `migrate` prints a Markdown plan where others print a table.
                    XCTAssertTrue(entry.help.contains("(default: table on a terminal, json when piped)")
                                  || entry.help.contains("(default: markdown on a terminal, json when piped)"), what)
                }
            }
        }
        XCTAssertGreaterThan(checked, 50)
    }

    func testTheTimeoutOfACrawlShowsItsDefault() throws {
        let timeout = try XCTUnwrap(entries(of: try help(["crawl"])).first { $0.synopsis == "--timeout <seconds>" })
        XCTAssertTrue(timeout.help.hasSuffix("(default: 60 to list a repository's branches, 600 to fetch them)"), timeout.help)
    }

    func testTheFailOnTextMatchesItsValues() throws {
        let failOn = try XCTUnwrap(entries(of: try help(["check"])).first { $0.synopsis == "--fail-on <severity>" })
        XCTAssertEqual(failOn.help, "Exit 1 when a finding of this severity or a worse one exists. "
                       + "(values: note, warning, error; default: error)")
    }

    func testHelpAsASubcommandPrintsTheHelp() throws {
        let result = try CensusRunner.run(["help", "crawl"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("OVERVIEW: Crawl"), result.stdout)
        XCTAssertEqual(result.stderr, "")
    }

    func testJobsBelowOneIsAUsageErrorSayingItMustBeAtLeastOne() throws {
        for command in [["crawl"], ["demo"]] {
            for jobs in ["-3", "0"] {
                let result = try CensusRunner.run(command + ["--jobs", jobs])
                XCTAssertEqual(result.status, 2, "\(command) --jobs \(jobs)")
                XCTAssertTrue(result.stderr.hasPrefix("census: error: --jobs must be at least 1\n"), result.stderr)
                XCTAssertTrue(result.stderr.contains("Usage: census \(command[0])"), "a usage error shows the usage")
            }
        }
    }
}
