/// The migration report as a self-contained HTML page with a burndown chart.
public enum MigrationHTMLReporter {
    /// The HTML document.
    public static func render(_ report: MigrationReport) -> String {
        let current = report.weeks.last
        var body = "<div class=\"kpis\">\n"
        body += kpi("Remaining usages", ChartNumber.grouped(report.remaining.count),
                    note: "matching \(report.from)")
        body += kpi("Branches to migrate", ChartNumber.grouped(current?.fromBranches ?? 0),
                    note: "in \(MigrationText.count(current?.fromRepositories ?? 0, "repository", "repositories"))")
        body += kpi("Done since \(report.weeks.first?.week ?? report.week)", ChartNumber.percent(report.progress),
                    note: "of \(MigrationText.count(report.startUsages, "usage"))")
        if let to = report.to {
            body += kpi("On the target", ChartNumber.grouped(current?.toUsages ?? 0), note: "matching \(to)")
        } else {
            body += kpi("Weeks tracked", "\(report.weeks.count)", note: "one run per ISO week")
        }
        body += "</div>\n"

        body += "<section class=\"card\">\n<h2>Burndown</h2>\n"
        body += "<p class=\"lead\">" + MigrationText.summary(report).map(HTMLText.escape).joined(separator: " ") + "</p>\n"
        var series = [LineChart.Series(name: "Remaining usages", color: "#cf222e",
                                       values: report.weeks.map { Double($0.fromUsages) })]
        if report.to != nil {
            series.append(LineChart.Series(name: "Usages on the target", color: "#1a7f37",
                                           values: report.weeks.map { $0.toUsages.map(Double.init) }))
        }
        body += LineChart(title: "Usages per week", labels: report.weeks.map(\.week), series: series, width: 1060,
                          height: 260).svg() + "\n"
        body += "<div class=\"scroll\"><table>\n<thead><tr><th>Week</th><th class=\"num\">Run</th><th class=\"num\">Remaining</th>"
            + "<th class=\"num\">Branches</th><th class=\"num\">Repositories</th>"
        if report.to != nil { body += "<th class=\"num\">On target</th><th class=\"num\">Target branches</th>" }
        body += "</tr></thead>\n<tbody>\n"
        for point in report.weeks.reversed() {
            body += "<tr><td>\(HTMLText.escape(point.week))</td><td class=\"num\">\(point.runID)</td>"
                + "<td class=\"num\">\(ChartNumber.grouped(point.fromUsages))</td>"
                + "<td class=\"num\">\(ChartNumber.grouped(point.fromBranches))</td>"
                + "<td class=\"num\">\(ChartNumber.grouped(point.fromRepositories))</td>"
            if report.to != nil {
                body += "<td class=\"num\">\(ChartNumber.grouped(point.toUsages ?? 0))</td>"
                    + "<td class=\"num\">\(ChartNumber.grouped(point.toBranches ?? 0))</td>"
            }
            body += "</tr>\n"
        }
        body += "</tbody>\n</table></div>\n</section>\n"

        body += "<section class=\"card\">\n<h2>Remaining usages</h2>\n"
        if report.remaining.isEmpty {
            body += "<p class=\"empty\">Nothing matches <code>\(HTMLText.escape(report.from))</code> any more.</p>\n"
        }
        for repository in MigrationText.byRepository(report.remaining) {
            let total = repository.branches.reduce(0) { $0 + $1.usages.count }
            let team = repository.branches[0].usages[0].team
            body += "<details class=\"repo\" open>\n<summary><span class=\"name\">\(HTMLText.escape(repository.name))</span>"
            if let team { body += "<span class=\"muted\">team \(HTMLText.escape(team))</span>" }
            body += "<span class=\"counts\"><span class=\"pill\">\(MigrationText.count(total, "usage"))</span></span></summary>\n"
            body += "<div class=\"body\">\n<div class=\"scroll\"><table>\n<thead><tr><th>Branch</th><th>File</th><th>Image</th><th>Kind</th><th>Change</th></tr></thead>\n<tbody>\n"
            for branch in repository.branches {
                for usage in branch.usages {
                    let stale = usage.stale ? " <span class=\"muted\">(stale)</span>" : ""
                    body += "<tr><td>\(HTMLText.escape(branch.name))\(stale)</td>"
                        + "<td>\(HTMLText.link("\(usage.path):\(usage.line)", url: usage.link, className: "loc"))</td>"
                        + "<td><code>\(HTMLText.breakable(usage.image))</code></td>"
                        + "<td class=\"muted\">\(HTMLText.escape(usage.kind))</td>"
                        + "<td>\(usage.changeProposed.map { "change proposed <code>\(HTMLText.breakable($0))</code>" } ?? "")</td></tr>\n"
                }
            }
            body += "</tbody>\n</table></div>\n</div>\n</details>\n"
        }
        body += "</section>\n"
        var subtitle = "Week \(report.week) · run #\(report.runID) of \(ReportDate.day(report.runStartedAt))"
        if let to = report.to { subtitle += " · target \(to)" }
        return HTMLPage.render(title: "Migration away from \(report.from)", eyebrow: "Migration tracking",
                               subtitle: subtitle, body: body)
    }

    static func kpi(_ label: String, _ value: String, note: String) -> String {
        "<div class=\"kpi\"><div class=\"label\">\(HTMLText.escape(label))</div>"
            + "<div class=\"value\">\(HTMLText.escape(value))</div><div class=\"note\">\(HTMLText.escape(note))</div></div>\n"
    }
}
