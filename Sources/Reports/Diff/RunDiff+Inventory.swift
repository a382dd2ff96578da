import Inventory

extension RunDiff {
    /// The two runs to compare: `from` and `to` when given; otherwise the last two finished crawls
    /// (`ok` or `partial`), or the finished crawl before `to`, or the latest one after `from`.
    public static func runs(from: Int64?, to: Int64?, in database: AppDatabase) throws -> (from: RunSummary, to: RunSummary) {
        let finished = try database.latestRuns(limit: 10_000).filter { $0.status == .ok || $0.status == .partial }
        func run(_ id: Int64) throws -> RunSummary {
            guard let run = try database.run(id: id) else { throw ReportsError.unknownRun(id) }
            return run
        }
        let later = try to.map(run) ?? finished.first { from == nil || $0.id > (from ?? 0) }
        let earlier = try from.map(run) ?? later.flatMap { later in finished.first { $0.id < later.id } }
        guard let earlier, let later else { throw ReportsError.notEnoughRunsToCompare(found: finished.count) }
        return (earlier, later)
    }

    /// Compares what the two runs saw (each as it left the fleet).
    public static func load(from database: AppDatabase, runs: (from: RunSummary, to: RunSummary)) throws -> RunDiff {
        let (old, new) = runs
        return RunDiff(
            from: RunInfo(id: old.id, startedAt: old.startedAt, week: ISOWeek(containing: old.startedAt).description),
            to: RunInfo(id: new.id, startedAt: new.startedAt, week: ISOWeek(containing: new.startedAt).description),
            fromBranches: try database.branchStates(asOfRun: old.id), toBranches: try database.branchStates(asOfRun: new.id),
            fromReferences: try database.references(asOfRun: old.id), toReferences: try database.references(asOfRun: new.id),
            fromFindings: try ReportFindings.loadIfEvaluated(from: database, runID: old.id),
            toFindings: try ReportFindings.loadIfEvaluated(from: database, runID: new.id))
    }
}
