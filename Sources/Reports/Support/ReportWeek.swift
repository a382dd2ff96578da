import Inventory

/// Chooses the run a weekly report is about.
public enum ReportWeek {
    /// The run standing for `week` (`2026-W47`), or for the latest week with a finished crawl when
    /// `week` is `nil`.
    public static func resolve(_ week: String?, in database: AppDatabase) throws -> WeeklyRun {
        guard let week else {
            guard let latest = try database.weeklyRuns(limit: 1).first else { throw ReportsError.noRuns }
            return latest
        }
        guard let parsed = ISOWeek(week) else { throw ReportsError.invalidWeek(week) }
        if let run = try database.weeklyRun(week: parsed.description) { return run }
        throw ReportsError.noRunInWeek(week: parsed.description, available: try database.weeklyRuns(limit: 12).map(\.week))
    }
}
