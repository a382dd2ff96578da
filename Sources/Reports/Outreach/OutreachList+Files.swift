extension OutreachList {
    /// `outreach/<owner>.md` for each group and `outreach/outreach.csv` for all of them; with
    /// `team`, only that team's lists and CSV (`outreach/<owner>.csv`), leaving the others alone.
    public func files(team: String? = nil) throws -> [ReportFile] {
        guard let team else {
            return groups.map(markdownFile) + [ReportFile(name: "outreach/outreach.csv", content: OutreachCSVReporter.render(groups))]
        }
        let selected = groups(for: team)
        guard !selected.isEmpty else {
            throw ReportsError.unknownOwner(team, known: groups.map(\.owner))
        }
        return selected.flatMap { group in
            [markdownFile(group), ReportFile(name: "outreach/\(group.fileName).csv", content: OutreachCSVReporter.render([group]))]
        }
    }

    func markdownFile(_ group: Group) -> ReportFile {
        ReportFile(name: "outreach/\(group.fileName).md", content: OutreachMarkdownReporter.render(group, of: self))
    }
}
