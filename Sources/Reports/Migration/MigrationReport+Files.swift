extension MigrationReport {
    /// The report's files in the requested formats, named `migration-<slug>.<format>`.
    public func files(formats: [ReportFormat], slug: String? = nil) throws -> [ReportFile] {
        let name = "migration-" + (slug ?? Self.slug(for: from))
        return try formats.map { format in
            switch format {
            case .md: return ReportFile(name: name + ".md", content: MigrationMarkdownReporter.render(self))
            case .html: return ReportFile(name: name + ".html", content: MigrationHTMLReporter.render(self))
            case .csv: return ReportFile(name: name + ".csv", content: MigrationCSVReporter.render(self))
            case .json: return ReportFile(name: name + ".json", content: try MigrationJSONReporter.render(self))
            }
        }
    }
}
