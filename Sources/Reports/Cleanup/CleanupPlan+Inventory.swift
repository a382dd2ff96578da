import Foundation
import Inventory
import Policy

extension CleanupPlan {
    /// The plans of the policy's catalogs stored in the inventory (or only `repository`'s), as of `run`,
    /// with usages from the `runs` latest finished crawls up to it.
    public static func load(from database: AppDatabase, policy: PolicyDocument, run: WeeklyRun, runs: Int,
                            repository: String? = nil) throws -> [CleanupPlan] {
        let stored = Dictionary(try database.catalogs().map { ($0.repository, Catalog(record: $0)) },
                                uniquingKeysWith: { first, _ in first })
        var sources = policy.catalogs.filter { stored[$0.repository] != nil }
        if let repository {
            sources = sources.filter { $0.repository == repository }
            if sources.isEmpty {
                throw ReportsError.unknownCatalog(repository, known: policy.catalogs.map(\.repository).filter { stored[$0] != nil })
            }
        }
        guard !sources.isEmpty else { throw ReportsError.unknownCatalog(repository ?? "any repository", known: []) }
        let planner = CleanupPlanner(maxAgeDays: policy.maxAgeDays, now: run.startedAt)
        return try sources.compactMap { source in
            guard let catalog = stored[source.repository] else { return nil }
            let usages = try CleanupUsages.load(from: database, repository: catalog.repository, upToRun: run.runID, runs: runs)
            var plan = planner.plan(catalog: catalog, source: source, usages: usages.usages, week: run.week,
                                    runID: run.runID, recentRuns: runs, runIDs: usages.runIDs)
            if let warning = usages.unresolvedWarning { plan.warnings.append(warning) }
            return plan
        }
    }

    /// `repository: 3 to delete, 5 blocked (12 usages), 11 kept of 19 tags`.
    public var summaryLine: String {
        "\(repository): \(totals.delete) to delete, \(totals.blocked) blocked (\(totals.blockingUsages.counted("usage"))), "
            + "\(totals.keep) kept of \(totals.tags.counted("tag"))"
    }
}
