import ArgumentParser
import Extraction
import Foundation
import Inventory
import Policy
import Reports

/// `census check`: scan a working tree and judge it against the policy (a pre-merge gate).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Scan a working tree and report policy violations (exit 1 at or above --fail-on).",
        discussion: """
            Catalogs (tag lifecycles) are read from the inventory database when it exists (run \
            `census catalog sync` or a crawl first); without them, rules that need a catalog do not apply.
            """)

    /// Output formats of `check`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, sarif
    }

    @Argument(help: "The folder to check.") var path: String = "."
    @OptionGroup var policy: PolicyOption
    @Option(name: .customLong("db"), help: ArgumentHelp("The inventory database holding catalogs.", valueName: "path"))
    var db: String = "census.sqlite"
    @Option(help: ArgumentHelp("How to print the results. (default: table on a terminal, json when piped)", valueName: "format")) var format: Format?
    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a finding of this severity or a worse one exists.",
                                                             valueName: "severity"))
    var failOn: Severity = .error

    func run() throws {
        let document = try policy.require()
        let scan = try ScanCommand.scan(path: path, revision: nil)
        for warning in scan.warnings { printErr("warning: \(warning.formatted)") }
        let catalogs = try Self.catalogs(for: document, databasePath: db)
        for catalog in catalogs.catalogs.values.sorted(by: { $0.repository < $1.repository }) where catalog.isStale {
            printErr("note: catalog of \(catalog.repository) is stale (\(catalog.staleReason ?? ""))")
        }
        let now = Date()
        let evaluator = PolicyEvaluator(policy: document)
        let results = scan.references.map {
            CheckedReference(reference: $0, findings: evaluator.evaluate(reference: $0, catalogs: catalogs, now: now))
        }
        switch format ?? (isatty(STDOUT_FILENO) == 1 ? .table : .json) {
        case .table: printOut(CheckListing.table(results, lineWidth: isatty(STDOUT_FILENO) == 1 ? terminalWidth() : 120))
        case .json: printOut(try CheckListing.json(results))
        case .sarif:
            let root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL
            let data = try SARIFReport(toolVersion: CensusVersion.current, policy: document, sourceRoot: root).render(results)
            printOut(String(decoding: data, as: UTF8.self))
        }
        if results.contains(where: { $0.findings.contains { $0.severity >= failOn } }) {
            throw ExitStatus.violations
        }
    }

    /// The stored catalogs of the policy's sources; none when the database does not exist.
    static func catalogs(for policy: PolicyDocument, databasePath: String) throws -> CatalogSnapshot {
        guard !policy.catalogs.isEmpty, FileManager.default.fileExists(atPath: databasePath) else { return .empty }
        let snapshot = try CatalogSync(database: try openInventory(databasePath)).snapshot(for: policy)
        for source in policy.catalogs where snapshot.catalog(for: source.repository) == nil {
            printErr("note: no catalog of \(source.repository) in \(databasePath); run `census catalog sync`")
        }
        return snapshot
    }
}

extension Severity: ExpressibleByArgument {}
