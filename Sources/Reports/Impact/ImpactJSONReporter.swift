/// The rebuild impact as JSON: the pattern, every affected image with where it is published, and one
/// list per repository and branch.
public enum ImpactJSONReporter {
    /// The JSON text.
    public static func render(_ report: ImpactReport) throws -> String {
        try ReportJSON.encode(report)
    }
}
