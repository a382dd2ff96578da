import Inventory

/// Reads the findings a run recorded, in the shape the reports use.
public enum ReportFindings {
    /// The findings of `run`, or `nil` when the run was not judged against a policy.
    public static func loadIfEvaluated(from database: AppDatabase, run: WeeklyRun) throws -> [ReportFinding]? {
        // Findings are stored by the policy work's `finding` table; until this build records them,
        // no run counts as judged.
        nil
    }

    /// The findings of `run`; an error naming the run when it was not judged against a policy.
    public static func load(from database: AppDatabase, run: WeeklyRun) throws -> [ReportFinding] {
        guard let findings = try loadIfEvaluated(from: database, run: run) else {
            throw ReportsError.notEvaluated(runID: run.runID, week: run.week)
        }
        return findings
    }
}
