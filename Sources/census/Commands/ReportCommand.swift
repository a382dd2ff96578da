import ArgumentParser
import Foundation
import Inventory
import Reports

/// `census report governance|outreach|migration|impact`: write the weekly reports under `reports/<ISO-week>/`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the weekly governance report, outreach lists, a migration burndown or a rebuild impact list (docs/reports.md).",
        subcommands: [Governance.self, Outreach.self, Migration.self, Impact.self])

    /// Options every report takes.
    struct Options: ParsableArguments {
        @OptionGroup var database: DatabaseOption
        @Option(help: ArgumentHelp("The ISO week to report on, e.g. 2026-W47. (default: the latest week with a finished crawl)",
                                   valueName: "iso-week"))
        var week: String?
        @Option(help: ArgumentHelp("The reports folder; files go to <folder>/<iso-week>/.", valueName: "folder"))
        var out: String = "reports"

        func validate() throws {
            if let week, ISOWeek(week) == nil { throw ValidationError("--week: \(ReportsError.invalidWeek(week))") }
        }

        /// The inventory (which must exist) and the run of the requested week.
        func open() throws -> (AppDatabase, WeeklyRun) {
            let inventory = try openInventory(database.db)
            return (inventory, try ReportWeek.resolve(week, in: inventory))
        }

        /// Writes the files and lists them.
        func write(_ files: [ReportFile], week: String) throws {
            for path in try ReportWriter(root: out).write(files, week: week) { printOut(path) }
        }
    }

    /// `census report governance`.
    struct Governance: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The weekly governance report: headline numbers, top images to fix, findings, failures, trend.")

        @OptionGroup var options: Options
        @Option(help: ArgumentHelp("A format to write; repeat for several. (default: all three)", valueName: "format"))
        var format: [GovernanceFormat] = []

        func run() throws {
            let (inventory, run) = try options.open()
            let report = try GovernanceReport.load(from: inventory, run: run)
            let formats = format.isEmpty ? GovernanceFormat.allCases : format
            try options.write(try report.files(formats: formats.map(\.reportFormat)), week: run.week)
        }
    }

    /// `census report outreach`.
    struct Outreach: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One list of findings per owner (CODEOWNERS, else the repos.txt team) plus one CSV for all.")

        @OptionGroup var options: Options
        @Option(help: ArgumentHelp("Only this owner: a team from repos.txt or a CODEOWNERS handle such as @org/team.",
                                   valueName: "owner"))
        var team: String?

        func run() throws {
            let (inventory, run) = try options.open()
            let list = try OutreachList.load(from: inventory, run: run, findings: try ReportFindings.load(from: inventory, run: run))
            try options.write(try list.files(team: team), week: run.week)
        }
    }

    /// `census report migration`.
    struct Migration: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A weekly burndown of the usages matching --from (and adoption of --to), with what remains.",
            discussion: """
                Patterns are globs over the normalized image or the resolved image (`*` matches any run of \
                characters, `/` included; case-sensitive), e.g. --from 'mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*'.
                """)

        @OptionGroup var options: Options
        @Option(name: .customLong("from"), help: ArgumentHelp("The images being migrated away from.", valueName: "glob"))
        var fromPattern: String
        @Option(name: .customLong("to"), help: ArgumentHelp("The images being migrated to.", valueName: "glob"))
        var toPattern: String?
        @Option(parsing: .unconditional, help: ArgumentHelp("How many weeks the burndown covers.", valueName: "n"))
        var weeks: Int = 12
        @Option(help: ArgumentHelp("File name part: migration-<name>.*. (default: made from the --from pattern)",
                                   valueName: "name"))
        var name: String?
        @Option(help: ArgumentHelp("A format to write; repeat for several. (default: all four)", valueName: "format"))
        var format: [ReportFormat] = []

        func validate() throws {
            guard (1...520).contains(weeks) else { throw ValidationError("--weeks must be between 1 and 520") }
            if let name, name.isEmpty || name.contains("/") || name.hasPrefix(".") {
                throw ValidationError("--name must be a plain file name part, e.g. centos7-to-azurelinux3")
            }
        }

        func run() throws {
            let (inventory, run) = try options.open()
            let report = try MigrationReport.load(from: inventory, fromPattern: fromPattern, toPattern: toPattern,
                                                  run: run, weeks: weeks)
            try options.write(try report.files(formats: format.isEmpty ? ReportFormat.allCases : format, slug: name),
                              week: run.week)
        }
    }
}

extension ReportCommand {
    /// `census report impact`.
    struct Impact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What inherits a banned or end-of-life base image, transitively: one rebuild-and-outreach list per branch.",
            discussion: """
                Lists every Dockerfile built on an image matching --image, the images the fleet publishes from those \
                Dockerfiles (ImageBuilder manifest catalogs, Compose build+image, Bake tags), and every usage of \
                those images, level by level. The glob is matched as in `report migration`, e.g. \
                --image 'docker.io/library/centos:7*'.
                """)

        @OptionGroup var options: ReportCommand.Options
        @Option(name: .customLong("image"), help: ArgumentHelp("The banned or end-of-life base images.", valueName: "glob"))
        var imagePattern: String
        @Option(parsing: .unconditional, help: ArgumentHelp("How many levels of published images to follow.", valueName: "n"))
        var depth: Int = 8
        @Option(help: ArgumentHelp("File name part: impact-<name>.*. (default: made from the --image pattern)",
                                   valueName: "name"))
        var name: String?
        @Option(help: ArgumentHelp("A format to write; repeat for several. (default: all three)", valueName: "format"))
        var format: [ImpactFormat] = []

        func validate() throws {
            guard (1...ImpactReport.depthLimit).contains(depth) else {
                throw ValidationError("--depth must be between 1 and \(ImpactReport.depthLimit)")
            }
            if let name, name.isEmpty || name.contains("/") || name.hasPrefix(".") {
                throw ValidationError("--name must be a plain file name part, e.g. centos-7")
            }
        }

        func run() throws {
            let (inventory, run) = try options.open()
            let report = try ImpactReport.load(from: inventory, pattern: imagePattern, run: run, maxDepth: depth)
            let formats = format.isEmpty ? ImpactReport.formats : format.map(\.reportFormat)
            try options.write(try report.files(formats: formats, slug: name),
                              week: run.week)
        }
    }
}

/// The formats of the governance report.
enum GovernanceFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html, json

    var reportFormat: ReportFormat {
        switch self {
        case .md: return .md
        case .html: return .html
        case .json: return .json
        }
    }
}

/// The formats of the impact report.
enum ImpactFormat: String, ExpressibleByArgument, CaseIterable {
    case md, csv, json

    var reportFormat: ReportFormat {
        switch self {
        case .md: return .md
        case .csv: return .csv
        case .json: return .json
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// Opens an existing inventory to read it: commands that only read never create, migrate or change a
/// database (a missing file, another kind of SQLite file or an older schema is an error that says so).
func openInventory(_ path: String) throws -> AppDatabase {
    try AppDatabase.openForReading(path: path)
}
