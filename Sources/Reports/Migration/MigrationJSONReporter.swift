/// The migration report as JSON: the glob patterns, the weekly burndown and every remaining usage.
public enum MigrationJSONReporter {
    /// The JSON text.
    public static func render(_ report: MigrationReport) throws -> String {
        try ReportJSON.encode(report)
    }
}
