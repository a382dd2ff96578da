/// The governance report as JSON: every number and every finding, for scripts and dashboards.
public enum GovernanceJSONReporter {
    /// The JSON text.
    public static func render(_ report: GovernanceReport) throws -> String {
        try ReportJSON.encode(report)
    }
}
