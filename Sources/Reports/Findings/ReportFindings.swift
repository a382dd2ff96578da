import Inventory

/// Reads the findings a run recorded, in the shape the reports use.
public enum ReportFindings {
    /// The findings of every branch tracked in run `runID` (one per branch, usage and rule), or `nil`
    /// when the run was not judged against a policy.
    public static func loadIfEvaluated(from database: AppDatabase, runID: Int64) throws -> [ReportFinding]? {
        try database.findings(asOfRun: runID)?.map(ReportFinding.init)
    }

    /// The findings of the week's run; an error naming the run when it was not judged against a policy.
    public static func load(from database: AppDatabase, run: WeeklyRun) throws -> [ReportFinding] {
        guard let findings = try loadIfEvaluated(from: database, runID: run.runID) else {
            throw ReportsError.notEvaluated(runID: run.runID, week: run.week)
        }
        return findings
    }
}

extension ReportFinding {
    /// The report's view of a stored finding: the image normalized when it could be, else as written.
    public init(_ stored: StoredFinding) {
        self.init(repository: stored.repository, team: stored.team, branch: stored.branch, commitID: stored.commitID,
                  path: stored.path, line: stored.line, image: stored.normalized ?? stored.image ?? stored.raw,
                  rule: stored.rule, severity: stored.severity, message: stored.message, suggestion: stored.suggestion)
    }
}
