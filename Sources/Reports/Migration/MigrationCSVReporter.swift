/// The remaining usages of a migration as CSV, one row per usage, for a spreadsheet.
public enum MigrationCSVReporter {
    /// The CSV text.
    public static func render(_ report: MigrationReport) -> String {
        CSVTable(headers: ["repository", "team", "branch", "commit", "path", "line", "link", "kind", "image", "stale",
                                   "change_proposed"],
                 rows: report.remaining.map { usage in
            [.text(usage.repository), usage.team.map(CSVTable.Cell.text) ?? .empty, .text(usage.branch),
             .text(usage.commitID), .text(usage.path), .number(usage.line), usage.link.map(CSVTable.Cell.text) ?? .empty,
             .text(usage.kind), .text(usage.image), .text(usage.stale ? "yes" : "no"),
             usage.changeProposed.map(CSVTable.Cell.text) ?? .empty]
        }).render()
    }
}
