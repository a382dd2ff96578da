import ArgumentParser
import Crawler
import Extraction
import Foundation
import Git
import Reports

/// `census scan`: print the image references of a folder or a git revision, without a database.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "List the image references in a working tree or a git revision (JSON fields: docs/output.md).")

    @Argument(help: "A folder, or with --rev a git repository.") var path: String
    @Option(help: ArgumentHelp("Scan this revision of the repository at <path> instead of the files on disk.",
                               valueName: "revision"))
    var rev: String?
    @Option(help: ArgumentHelp("How to print the results. (default: table on a terminal, json when piped)", valueName: "format")) var format: ListFormat?

    func run() throws {
        let scan = try Self.scan(path: path, revision: rev)
        for warning in scan.warnings { printErr("warning: \(warning.formatted)") }
        switch format ?? .automatic {
        case .json: printOut(try ReferenceListing.json(scan.references))
        case .table: printOut(ReferenceListing.table(scan.references))
        }
    }

    /// Scans a folder or a revision with the crawler's own scanner.
    static func scan(path: String, revision: String?) throws -> SnapshotScan {
        guard let revision else {
            return try SnapshotScanner().scan(try WorkingDirectorySource(root: path))
        }
        return try SnapshotScanner().scan(revision: revision, ofRepositoryAt: path)
    }
}
