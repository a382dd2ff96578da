import ArgumentParser
import Crawler
import Foundation
import Inventory
import Policy
import Reports

/// `census demo`: build the offline sample fleet and crawl it week by week.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build an offline sample fleet of git repositories, crawl it and summarize what it uses.",
        discussion: """
        The fleet changes between weekly crawls (a team moves off CentOS 7, a catalog tag is removed, a \
        repository joins), so the demo records several weeks of runs, the last one now, and its reports \
        show trends. Its folder's fleet, mirrors and database are rebuilt from scratch each time.
        """)

    @Option(help: ArgumentHelp("Folder for the sample fleet, its mirrors and its database.", valueName: "folder"))
    var dir: String = ".demo"
    @Option(parsing: .unconditional, help: ArgumentHelp("Repositories crawled at once.", valueName: "n")) var jobs: Int = 4

    func validate() throws {
        try validateJobs(jobs)
    }

    func run() async throws {
        let root = URL(fileURLWithPath: dir).standardizedFileURL.path
        let fm = FileManager.default
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        let fleet = try DemoFleet.standard()
        let databasePath = root + "/census.sqlite"
        guard DemoFleet.isDemoFolder(root) else { throw CrawlerError.demoFolderInUse(database: databasePath) }
        let lock = try CrawlRunner.lock(databasePath: databasePath, command: "demo", wait: false)
        defer {
            CrawlRunner.leaveWhole(databasePath: databasePath)
            withExtendedLifetime(lock) {}
        }
        // The weeks are recorded in order, so an earlier demo's runs (later dates, lower ids) must go.
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: databasePath + suffix) }
        try? fm.removeItem(atPath: root + "/mirrors")

        let now = Date()
        let dates = fleet.crawlDates(endingAt: now)
        var summary: CrawlSummary?
        for (week, date) in dates.enumerated() {
            let built = try fleet.build(in: root, week: week, lastCrawl: now)
            let label = ISOWeek(containing: date).description
            printOut("")
            printOut(week == 0
                ? "week \(label) (\(week + 1) of \(dates.count)): built \(built.repositoryPaths.count) repositories in \(root)/repos"
                : "week \(label) (\(week + 1) of \(dates.count)): " + fleet.changes(beforeWeek: week).joined(separator: "; "))
            let specs = try RepoList.load(path: built.reposFile)
            let crawl = try await CrawlRunner.run(specs: specs, databasePath: databasePath, lock: lock,
                                                  cacheDirectory: root + "/mirrors", jobs: jobs, runDate: date)
            let policyPath = root + "/policy.yml"
            let prereqs = built.repositoryPaths["dotnet-buildtools-prereqs-docker"] ?? ""
            try DemoFleet.policy(prereqsRepository: prereqs).write(toFile: policyPath, atomically: true, encoding: .utf8)
            try await PolicyStage.run(policy: try PolicyDocument.load(contentsOf: URL(fileURLWithPath: policyPath)),
                                      databasePath: databasePath, cacheDirectory: root + "/mirrors", runID: crawl.runID,
                                      now: date)
            summary = crawl
        }
        let inventory = try AppDatabase(path: databasePath)
        let rows = try inventory.currentReferences(ReferenceFilter())
        printOut("")
        printOut(StoredReferenceListing.imageSummary(rows))
        let byRule = Dictionary(grouping: try inventory.currentFindings(), by: \.rule)
        printOut(TextTable(headers: ["RULE", "FINDINGS"], rows: byRule.keys.sorted().map { [$0, "\(byRule[$0]?.count ?? 0)"] })
            .render())
        printOut("database: \(databasePath)  (try: census refs --db \(databasePath) --image '*centos*')")
        let policy = try PolicyDocument.load(contentsOf: URL(fileURLWithPath: root + "/policy.yml"))
        let reports = try DemoReports.write(from: inventory, policy: policy, to: root + "/reports")
        printOut("reports: \(reports.first.map { ($0 as NSString).deletingLastPathComponent } ?? root + "/reports")"
                 + "  (\(reports.count) files; open governance.html)")
        if summary?.failures.isEmpty == false { throw ExitStatus.partialCrawl }
    }
}
