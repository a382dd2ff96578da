import ArgumentParser
import Crawler
import Foundation
import Inventory
import Policy
import Reports

/// `census demo`: build the offline sample fleet and crawl it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build an offline sample fleet of git repositories, crawl it and summarize what it uses.")

    @Option(help: ArgumentHelp("Folder for the sample fleet, its mirrors and its database.", valueName: "folder"))
    var dir: String = ".demo"
    @Option(parsing: .unconditional, help: ArgumentHelp("Repositories crawled at once.", valueName: "n")) var jobs: Int = 4

    func validate() throws {
        try validateJobs(jobs)
    }

    func run() async throws {
        let root = URL(fileURLWithPath: dir).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let layout = try DemoFleet.standard.build(in: root)
        printOut("built \(layout.repositoryPaths.count) repositories in \(root)/repos")
        let databasePath = root + "/census.sqlite"
        let lock = try CrawlRunner.lock(databasePath: databasePath, command: "demo", wait: false)
        defer {
            CrawlRunner.leaveWhole(databasePath: databasePath)
            withExtendedLifetime(lock) {}
        }
        let specs = try RepoList.load(path: layout.reposFile)
        let summary = try await CrawlRunner.run(specs: specs, databasePath: databasePath, lock: lock,
                                                cacheDirectory: root + "/mirrors", jobs: jobs)
        let policyPath = root + "/policy.yml"
        let prereqs = layout.repositoryPaths["dotnet-buildtools-prereqs-docker"] ?? ""
        try DemoFleet.policy(prereqsRepository: prereqs).write(toFile: policyPath, atomically: true, encoding: .utf8)
        try await PolicyStage.run(policy: try PolicyDocument.load(contentsOf: URL(fileURLWithPath: policyPath)), databasePath: databasePath,
                                  cacheDirectory: root + "/mirrors", runID: summary.runID)
        let inventory = try AppDatabase(path: databasePath)
        let rows = try inventory.currentReferences(ReferenceFilter())
        printOut("")
        printOut(StoredReferenceListing.imageSummary(rows))
        let byRule = Dictionary(grouping: try inventory.currentFindings(), by: \.rule)
        printOut(TextTable(headers: ["RULE", "FINDINGS"], rows: byRule.keys.sorted().map { [$0, "\(byRule[$0]?.count ?? 0)"] })
            .render())
        printOut("database: \(databasePath)  (try: census refs --db \(databasePath) --image '*centos*')")
        let reports = try DemoReports.write(from: inventory, to: root + "/reports")
        printOut("reports: \(reports.first.map { ($0 as NSString).deletingLastPathComponent } ?? root + "/reports")"
                 + "  (\(reports.count) files; open governance.html)")
        if !summary.failures.isEmpty { throw ExitStatus.partialCrawl }
    }
}
