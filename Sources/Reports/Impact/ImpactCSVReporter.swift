/// The rebuild impact as CSV, one row per place to act on, for a spreadsheet or a mail merge.
public enum ImpactCSVReporter {
    /// The CSV text.
    public static func render(_ report: ImpactReport) -> String {
        CSVTable(headers: ["level", "action", "repository", "team", "contact", "branch", "commit", "path", "line", "link",
                           "kind", "image", "dockerfile", "publishes", "chain", "owner", "owner_source", "codeowners_rule",
                           "stale"],
                 rows: report.branches.flatMap { list in
            list.items.map { item in
                [.number(item.level), .text(item.action.rawValue), .text(item.repository),
                 item.team.map(CSVTable.Cell.text) ?? .empty, list.contact.map(CSVTable.Cell.text) ?? .empty,
                 .text(item.branch), .text(item.commitID), .text(item.path), .number(item.line),
                 item.link.map(CSVTable.Cell.text) ?? .empty, .text(item.kind), .text(item.image),
                 item.dockerfile.map(CSVTable.Cell.text) ?? .empty,
                 item.publishes.isEmpty ? .empty : .text(ImpactText.images(item.publishes).joined(separator: " ")),
                 .text(item.chain.joined(separator: " > ")), .text(item.owner), .text(item.ownerSource.rawValue),
                 item.codeownersRule.map(CSVTable.Cell.text) ?? .empty, .text(item.stale ? "yes" : "no")]
            }
        }).render()
    }
}
