import Extraction
import Foundation
import Inventory
import Policy

/// The end of a crawl with a policy: refresh the catalogs (a failure keeps the last good data, marked
/// stale) and store the findings of every current reference for the run.
enum PolicyStage {
    /// `now` is the run's time: ages, catalog dates and days to an end of life are judged as of then (the
    /// demo's backdated weeks); by default the run's start, so the findings and the reports drawn from
    /// them agree on "today" however long the crawl took.
    static func run(policy: PolicyDocument, databasePath: String, cacheDirectory: String, runID: Int64,
                    now: Date? = nil) async throws {
        let database = try AppDatabase(path: databasePath)
        let outcomes = await CatalogRefresher.refresh(policy: policy, database: database, cacheDirectory: cacheDirectory,
                                                      runID: runID, now: now ?? Date())
        let now = try now ?? database.run(id: runID)?.startedAt ?? Date()
        CatalogRefresher.print(outcomes)
        let catalogs = CatalogSnapshot(outcomes.compactMap(\.catalog))
        let evaluation = try FindingsRecorder(policy: policy, database: database)
            .evaluateCurrentReferences(runID: runID, catalogs: catalogs, now: now)
        let counts = evaluation.counts
        // The count every report and view gives (per branch), then the distinct one under its own name.
        printOut("run \(runID): \(counts.findings.counted("finding")), \(counts.distinct) distinct "
                 + "(a file shared by several branches counts once) (policy \(policy.hash))")
        // Whether the findings were judged or carried over, and why (also in policy_evaluation.decision).
        printOut("run \(runID): findings \(evaluation.decision)")
    }
}
