import Policy

/// A clean-up plan as CSV: one line per tag and usage (a tag without usages has one line with the usage
/// columns empty), for a spreadsheet or a mail merge of the blocked tags' owners.
public enum CleanupCSVReporter {
    /// The CSV text.
    public static func render(_ plan: CleanupPlan) -> String {
        var rows: [[CSVTable.Cell]] = []
        for tag in plan.tags {
            let head: [CSVTable.Cell] = [
                .text(plan.repository), .text(tag.tag), .text(tag.verdict.rawValue),
                tag.ageDays.map(CSVTable.Cell.number) ?? .empty, .text(tag.ageBasis),
                tag.endOfLife.map(CSVTable.Cell.text) ?? .empty, tag.digest.map(CSVTable.Cell.text) ?? .empty,
                tag.bytes.map { CSVTable.Cell.number(Int($0)) } ?? .empty, .text(tag.reason),
            ]
            if tag.usages.isEmpty {
                rows.append(head + Array(repeating: .empty, count: 9))
                continue
            }
            for usage in tag.usages {
                rows.append(head + [
                    .text(usage.owner), .text(usage.ownerSource), .text(usage.repository), .text(usage.branch),
                    .text(usage.path), .number(usage.line), usage.link.map(CSVTable.Cell.text) ?? .empty,
                    .number(Int(usage.lastSeenRunID)), .text(usage.current ? "yes" : "no"),
                ])
            }
        }
        return CSVTable(headers: ["catalog_repository", "tag", "verdict", "age_days", "age_basis", "end_of_life", "digest",
                                  "bytes", "reason", "owner", "owner_source", "repository", "branch", "path", "line", "link",
                                  "last_seen_run", "current"],
                        rows: rows).render()
    }
}
