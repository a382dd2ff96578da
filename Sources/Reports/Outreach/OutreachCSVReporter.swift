/// Every owner's rows in one CSV (RFC 4180), for a spreadsheet or a mail merge.
public enum OutreachCSVReporter {
    /// The CSV text for `groups`.
    public static func render(_ groups: [OutreachList.Group]) -> String {
        var rows: [[CSVTable.Cell]] = []
        for group in groups {
            for row in group.rows {
                rows.append([
                    .text(group.owner), .text(group.source.rawValue), .text(group.contacts.joined(separator: "; ")),
                    .text(row.repository), row.team.map(CSVTable.Cell.text) ?? .empty, .text(row.branch),
                    .text(row.commitID), .text(row.path), .number(row.line), row.link.map(CSVTable.Cell.text) ?? .empty,
                    .text(row.image), .text(row.rule), .text(row.severity), .text(row.message),
                    row.suggestion.map(CSVTable.Cell.text) ?? .empty,
                ])
            }
        }
        return CSVTable(headers: ["owner", "owner_source", "contact", "repository", "team", "branch", "commit", "path",
                                  "line", "link", "image", "rule", "severity", "message", "suggestion"],
                        rows: rows).render()
    }
}
