extension GovernanceReport {
    /// The report's files in the requested formats: `governance.md`, `.html`, `.json`
    /// (CSV is not a governance format and is skipped).
    public func files(formats: [ReportFormat]) throws -> [ReportFile] {
        try formats.compactMap { format in
            switch format {
            case .md: return ReportFile(name: "governance.md", content: GovernanceMarkdownReporter.render(self))
            case .html: return ReportFile(name: "governance.html", content: GovernanceHTMLReporter.render(self))
            case .json: return ReportFile(name: "governance.json", content: try GovernanceJSONReporter.render(self))
            case .csv: return nil
            }
        }
    }
}
