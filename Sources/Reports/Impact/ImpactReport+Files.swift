extension ImpactReport {
    /// The formats the impact report is written in.
    public static let formats: [ReportFormat] = [.md, .csv, .json]

    /// The report's files in the requested formats (Markdown, CSV, JSON), named `impact-<slug>.<format>`.
    public func files(formats: [ReportFormat] = ImpactReport.formats, slug: String? = nil) throws -> [ReportFile] {
        let name = "impact-" + (slug ?? Self.slug(for: pattern))
        return try formats.compactMap { format in
            switch format {
            case .md: return ReportFile(name: name + ".md", content: ImpactMarkdownReporter.render(self))
            case .csv: return ReportFile(name: name + ".csv", content: ImpactCSVReporter.render(self))
            case .json: return ReportFile(name: name + ".json", content: try ImpactJSONReporter.render(self))
            case .html: return nil
            }
        }
    }
}
