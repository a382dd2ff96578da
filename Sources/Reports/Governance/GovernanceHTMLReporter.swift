/// The governance report as one self-contained HTML page: headline cards with week-over-week
/// changes, SVG trend and rule charts, the top images to fix, findings per repository and branch
/// with links, and what failed to crawl.
public enum GovernanceHTMLReporter {
    /// Which direction of change is good news for a number.
    enum Direction {
        case higherIsBetter, lowerIsBetter, neutral
    }

    static let severityColors = ["error": "#cf222e", "warning": "#d4a72c", "note": "#8c959f"]

    /// The HTML document.
    public static func render(_ report: GovernanceReport) -> String {
        var body = cards(report)
        body += charts(report)
        if report.policyEvaluated {
            for list in GovernanceText.topImages {
                body += imageSection(list.title, lead: list.lead, rows: report[keyPath: list.rows], empty: list.empty)
            }
        }
        body += endingSoon(report)
        body += imageSection("Most used images", lead: "Every image the fleet references, most widely used first.",
                             rows: report.mostUsedImages, empty: "No image references recorded.")
        if report.policyEvaluated { body += repositories(report) }
        body += failures(report)
        body += trendTable(report)
        return HTMLPage.render(title: "\(GovernanceText.title) — \(report.week)", eyebrow: "Weekly report",
                               subtitle: GovernanceText.subtitle(report) + ". " + GovernanceText.comparison(report),
                               body: body)
    }

    // MARK: Sections

    static func cards(_ report: GovernanceReport) -> String {
        let h = report.headline
        let week = report.previous?.week
        var out = "<div class=\"kpis\">\n"
        out += card("Repositories", h.repositories, .neutral,
                    note: h.repositoriesFailed.value > 0 ? "\(Wording.plural(h.repositoriesFailed.value, "failed", "failed")) to crawl" : "all crawled",
                    previousWeek: week)
        out += card("Branches", h.branches, .neutral, note: "tracked", previousWeek: week)
        out += card("Image references", h.references, .neutral, note: "file:line usages", previousWeek: week)
        out += card("Distinct images", h.images, .neutral,
                    note: h.unresolved.value > 0 ? "\(Wording.plural(h.unresolved.value, "reference")) unresolved" : "all references resolved",
                    previousWeek: week)
        if report.policyEvaluated {
            out += shareCard("On standard images", h.standardShare, note: "of valid references", previousWeek: week)
            if let findings = h.findings { out += card("Findings", findings, .lowerIsBetter, note: "policy violations", previousWeek: week) }
            if let errors = h.findingsBySeverity?["error"] { out += card("Errors", errors, .lowerIsBetter, note: "must be fixed", previousWeek: week) }
            if let warnings = h.findingsBySeverity?["warning"] { out += card("Warnings", warnings, .lowerIsBetter, note: "should be fixed", previousWeek: week) }
        }
        out += "</div>\n"
        if !report.policyEvaluated {
            out += "<section class=\"card\"><h2>No policy findings</h2><p class=\"lead\">"
                + "\(HTMLText.escape(GovernanceText.noPolicy + " " + GovernanceText.howToJudge))</p></section>\n"
        }
        return out
    }

    /// What the trend charts say while there is one week only.
    static let trendStartsNextWeek = "The trend starts next week: this is the first week in the inventory, and a chart needs two."

    static func charts(_ report: GovernanceReport) -> String {
        let labels = report.trend.map(\.week)
        let hasTrend = report.trend.count > 1
        var out = ""
        if report.policyEvaluated {
            // The two trends side by side when there are two weeks; the rules beside the sentence otherwise.
            out += "<div class=\"grid2 stack\">\n"
            out += "<section class=\"card\">\n<h2>Findings week by week</h2>\n"
            if hasTrend {
                out += "<p class=\"lead\">Open findings and errors at each week's crawl, last \(report.trend.count) weeks.</p>\n"
                out += LineChart(title: "Findings per week", labels: labels, series: [
                    LineChart.Series(name: "Findings", color: "#0b5cad", values: report.trend.map { $0.findings.map(Double.init) }),
                    LineChart.Series(name: "Errors", color: "#cf222e", values: report.trend.map { $0.errors.map(Double.init) }),
                ], width: 520, height: 240).svg()
                out += "\n</section>\n"
                out += "<section class=\"card\">\n<h2>Share of usages on standard images</h2>\n"
                out += "<p class=\"lead\">Valid references whose image is in the standard set, week by week.</p>\n"
                out += LineChart(title: "Share on standard images", labels: labels, series: [
                    LineChart.Series(name: "On standard images", color: "#1a7f37", values: report.trend.map(\.standardShare)),
                ], format: .percent, width: 520, height: 240).svg()
                out += "\n</section>\n</div>\n"
                out += ruleCard(report, className: "card narrow-chart")
            } else {
                out += "<p class=\"empty\">\(HTMLText.escape(trendStartsNextWeek))</p>"
                out += "\n</section>\n"
                out += ruleCard(report, className: "card")
                out += "</div>\n"
            }
        } else {
            out += "<section class=\"card narrow-chart\">\n<h2>Image references week by week</h2>\n"
            if hasTrend {
                out += LineChart(title: "References per week", labels: labels, series: [
                    LineChart.Series(name: "References", color: "#0b5cad", values: report.trend.map { Double($0.references) }),
                    LineChart.Series(name: "Branches", color: "#8250df", values: report.trend.map { Double($0.branches) }),
                ], width: 720, height: 240).svg()
            } else {
                out += "<p class=\"empty\">\(HTMLText.escape(trendStartsNextWeek))</p>"
            }
            out += "\n</section>\n"
        }
        return out
    }

    static func ruleCard(_ report: GovernanceReport, className: String) -> String {
        var out = "<section class=\"\(className)\">\n<h2>Findings by rule</h2>\n"
        out += "<p class=\"lead\">\(HTMLText.escape(ruleLead(report)))</p>\n"
        if report.findingsByRule.isEmpty {
            out += "<p class=\"empty\">No findings: every usage meets the policy.</p>\n"
        } else {
            out += BarChart(title: "Findings by rule", bars: report.findingsByRule.map {
                BarChart.Bar(label: $0.rule, value: $0.findings.value, color: severityColors[$0.severity] ?? "#8c959f")
            }, width: 520).svg()
        }
        return out + "\n</section>\n"
    }

    static func ruleLead(_ report: GovernanceReport) -> String {
        guard report.previous != nil else { return "Colored by severity." }
        let changes = report.findingsByRule.compactMap { rule -> String? in
            guard let change = rule.findings.change, change != 0 else { return nil }
            return "\(rule.rule) \(change > 0 ? "+" : "")\(change)"
        }
        return changes.isEmpty ? "Colored by severity; no change since last week."
                               : "Colored by severity. Since last week: " + changes.joined(separator: ", ") + "."
    }

    static func imageSection(_ title: String, lead: String, rows: [GovernanceReport.ImageRow], empty: String) -> String {
        var out = "<section class=\"card\">\n<h2>\(HTMLText.escape(title))</h2>\n<p class=\"lead\">\(HTMLText.escape(lead))</p>\n"
        if rows.isEmpty { return out + "<p class=\"empty\">\(HTMLText.escape(empty))</p>\n</section>\n" }
        let showRules = rows.contains { !$0.rules.isEmpty }
        let showSuggestions = rows.contains { $0.suggestion != nil }
        out += "<div class=\"scroll\"><table>\n<thead><tr><th>Image</th>" + (showRules ? "<th>Rules</th>" : "")
            + "<th class=\"num\">Repos</th><th class=\"num\">Branches</th><th class=\"num\">Usages</th>"
            + (showSuggestions ? "<th>Suggested replacement</th>" : "") + "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr><td><code>\(HTMLText.breakable(row.image))</code></td>"
            if showRules {
                out += "<td>" + (row.severity.map { HTMLPage.badge($0) + " " } ?? "")
                    + row.rules.map { "<span class=\"mono rule\">\(HTMLText.escape($0))</span>" }.joined(separator: ", ") + "</td>"
            }
            out += "<td class=\"num\">\(ChartNumber.grouped(row.repositories))</td><td class=\"num\">\(ChartNumber.grouped(row.branches))</td>"
                + "<td class=\"num\">\(ChartNumber.grouped(row.usages))</td>"
            if showSuggestions {
                out += "<td>\(row.suggestion.map { "<code>\(HTMLText.breakable($0))</code>" } ?? "<span class=\"muted\">—</span>")</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n</section>\n"
    }

    /// Shown only when something ends soon, like the Markdown section.
    static func endingSoon(_ report: GovernanceReport) -> String {
        guard report.policyEvaluated, !report.endingSoon.isEmpty else { return "" }
        var out = "<section class=\"card\">\n<h2>\(HTMLText.escape(GovernanceText.endingSoonTitle))</h2>\n"
            + "<p class=\"lead\">\(HTMLText.escape(GovernanceText.endingSoonLead))</p>\n"
        let showSuggestions = report.endingSoon.contains { $0.suggestion != nil }
        out += "<div class=\"scroll\"><table>\n<thead><tr><th>End of life</th><th class=\"num\">In</th><th>Image</th>"
            + "<th>Built on</th><th>Repositories</th><th class=\"num\">Branches</th><th class=\"num\">Usages</th>"
            + (showSuggestions ? "<th>Suggested replacement</th>" : "") + "</tr></thead>\n<tbody>\n"
        for row in report.endingSoon {
            out += "<tr><td>\(HTMLText.escape(row.endOfLife ?? "—"))</td>"
                + "<td class=\"num\">\(HTMLText.escape(GovernanceText.daysLeft(row.daysLeft)))</td>"
                + "<td>\(HTMLPage.badge(row.severity)) <code>\(HTMLText.breakable(row.image))</code></td>"
                + "<td>\(HTMLText.escape(row.endsWhat ?? "—"))</td>"
                + "<td>\(HTMLText.escape(row.repositories.joined(separator: ", ")))</td>"
                + "<td class=\"num\">\(ChartNumber.grouped(row.branches))</td><td class=\"num\">\(ChartNumber.grouped(row.usages))</td>"
            if showSuggestions {
                out += "<td>\(row.suggestion.map { "<code>\(HTMLText.breakable($0))</code>" } ?? "<span class=\"muted\">—</span>")</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n</section>\n"
    }

    /// Repositories shown open; the rest are folded (and open when printed).
    static let repositoriesOpen = 5

    static func repositories(_ report: GovernanceReport) -> String {
        var out = "<section class=\"card\">\n<h2>Findings by repository and branch</h2>\n"
        var lead = "Most errors first."
        if report.repositories.count > repositoriesOpen {
            lead += " The first \(repositoriesOpen) are open; the other \(report.repositories.count - repositoriesOpen) open with a click"
                + " (all are open when printed)."
        }
        let findings = report.repositories.flatMap { $0.branches.flatMap(\.findings) }
        let linked = findings.filter { $0.link != nil }.count
        if linked == findings.count, linked > 0 {
            lead += " Each location opens the file at the scanned commit."
        } else if linked > 0 {
            lead += " Locations of repositories on a known code host open the file at the scanned commit."
        }
        if report.repositoriesWithoutFindings > 0 {
            lead += " \(Wording.plural(report.repositoriesWithoutFindings, "other repository has", "other repositories have")) no findings."
        }
        out += "<p class=\"lead\">\(HTMLText.escape(lead))</p>\n"
        if report.repositories.isEmpty { return out + "<p class=\"empty\">No repository has findings.</p>\n</section>\n" }
        for (index, repository) in report.repositories.enumerated() {
            out += "<details class=\"repo\"\(index < repositoriesOpen ? " open" : "")>\n<summary><span class=\"name\">\(HTMLText.breakable(repository.name))</span>"
            if let team = repository.team { out += "<span class=\"muted\">team \(HTMLText.escape(team))</span>" }
            out += "<span class=\"counts\">"
            for severity in SeverityOrder.all {
                if let count = repository.severities[severity], count > 0 {
                    out += "<span class=\"badge \(severity)\">\(ChartNumber.grouped(count)) \(severity)\(count == 1 ? "" : "s")</span>"
                }
            }
            out += "</span></summary>\n<div class=\"body\">\n"
            for branch in repository.branches {
                out += "<h3>\(HTMLText.breakable(branch.name))"
                if let commit = branch.commitID { out += " <span class=\"muted mono\">\(HTMLText.escape(String(commit.prefix(12))))</span>" }
                if branch.stale { out += " <span class=\"pill\">last good scan</span>" }
                out += "</h3>\n<div class=\"scroll\"><table class=\"usages\">\n<thead><tr><th>Location</th><th>Image</th><th>Findings</th>"
                    + "<th>Owner</th><th>Suggested replacement</th></tr></thead>\n<tbody>\n"
                let usages = GovernanceText.usages(branch)
                for usage in usages.prefix(GovernanceText.usagesPerBranch) {
                    let ordered = usage.items.sorted { SeverityOrder.rank($0.severity) < SeverityOrder.rank($1.severity) }
                    let findings = ordered.map {
                        "<li>\(HTMLPage.badge($0.severity)) <span class=\"mono rule\">\(HTMLText.escape($0.rule))</span>"
                            + "<div class=\"message\">\(HTMLText.breakableProse($0.message))</div></li>"
                    }
                    let suggestions = distinctSuggestions(usage.items.map { ($0.severity, $0.suggestion) })
                    let owners = Array(Set(usage.items.compactMap(\.owner))).sorted()
                    out += "<tr><td>\(HTMLText.link("\(usage.path):\(usage.line)", url: usage.items[0].link, className: "loc"))</td>"
                        + "<td><code>\(HTMLText.breakable(usage.image))</code></td>"
                        + "<td><ul class=\"findings\">\(findings.joined())</ul></td>"
                        + "<td>\(owners.isEmpty ? "<span class=\"muted\">—</span>" : owners.map { "<span class=\"owner\">\(HTMLText.breakable($0))</span>" }.joined(separator: "<br>"))</td>"
                        + "<td>\(suggestions.isEmpty ? "<span class=\"muted\">—</span>" : suggestions.map { "<code>\(HTMLText.breakable($0))</code>" }.joined(separator: "<br>or "))</td></tr>\n"
                }
                out += "</tbody>\n</table></div>\n"
                if usages.count > GovernanceText.usagesPerBranch {
                    out += "<p class=\"more\">… and \(HTMLText.escape(GovernanceText.hidden(usages.dropFirst(GovernanceText.usagesPerBranch)))): see governance.json and the outreach lists.</p>\n"
                }
            }
            out += "</div>\n</details>\n"
        }
        return out + "</section>\n"
    }

    static func failures(_ report: GovernanceReport) -> String {
        var out = "<section class=\"card\">\n<h2>Repositories that failed to crawl</h2>\n"
        if report.failures.isEmpty { return out + "<p class=\"empty\">Every repository and branch was crawled.</p>\n</section>\n" }
        out += "<p class=\"lead\">Their last successful scan still counts in the numbers above.</p>\n"
        for failure in report.failures {
            out += "<div class=\"failure\"><strong>\(HTMLText.breakable(failure.repository))</strong>"
            out += failure.branch.map { " <span class=\"mono\">\(HTMLText.escape($0))</span>" } ?? " <span class=\"muted\">(whole repository)</span>"
            out += "<br><span class=\"mono\">\(HTMLText.escape(failure.error))</span></div>\n"
        }
        return out + "</section>\n"
    }

    static func trendTable(_ report: GovernanceReport) -> String {
        var out = "<section class=\"card\">\n<h2>Week by week</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>Week</th><th class=\"num\">Run</th>"
            + "<th class=\"num\">Repositories</th><th class=\"num\">Failed</th><th class=\"num\">Branches</th><th class=\"num\">References</th>"
        if report.policyEvaluated { out += "<th class=\"num\">Findings</th><th class=\"num\">Errors</th><th class=\"num\">On standard</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for point in report.trend.reversed() {
            out += "<tr><td>\(HTMLText.escape(point.week))</td><td class=\"num\">\(point.runID)</td>"
                + "<td class=\"num\">\(ChartNumber.grouped(point.repositories))</td><td class=\"num\">\(ChartNumber.grouped(point.repositoriesFailed))</td>"
                + "<td class=\"num\">\(ChartNumber.grouped(point.branches))</td><td class=\"num\">\(ChartNumber.grouped(point.references))</td>"
            if report.policyEvaluated {
                out += "<td class=\"num\">\(point.findings.map(ChartNumber.grouped) ?? "—")</td>"
                    + "<td class=\"num\">\(point.errors.map(ChartNumber.grouped) ?? "—")</td>"
                    + "<td class=\"num\">\(GovernanceText.share(point.standardShare))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table></div>\n</section>\n"
    }

    // MARK: Cards

    /// The line under a card's number: its change since the previous week, or that there is none yet.
    static func changeLine(_ delta: String?, previousWeek: String?) -> String {
        guard let delta, let previousWeek else { return "<div class=\"change muted\">first week: no change to show</div>" }
        return "<div class=\"change\">\(delta) <span class=\"muted\">since \(HTMLText.escape(previousWeek))</span></div>"
    }

    static func card(_ label: String, _ count: GovernanceReport.Count, _ direction: Direction, note: String,
                     previousWeek: String?) -> String {
        var delta: String?
        if let change = count.change {
            let tone: String
            switch direction {
            case .neutral: tone = ""
            case .higherIsBetter: tone = change > 0 ? " better" : change < 0 ? " worse" : ""
            case .lowerIsBetter: tone = change < 0 ? " better" : change > 0 ? " worse" : ""
            }
            delta = "<span class=\"delta\(tone)\"\(toneTitle(tone))>\(HTMLText.escape(GovernanceText.change(count)))</span>"
        }
        return "<div class=\"kpi\"><div class=\"label\">\(HTMLText.escape(label))</div>"
            + "<div class=\"value\">\(ChartNumber.grouped(count.value))</div>"
            + "<div class=\"note\">\(HTMLText.escape(note))</div>\(changeLine(delta, previousWeek: previousWeek))</div>\n"
    }

    static func shareCard(_ label: String, _ share: GovernanceReport.Share, note: String, previousWeek: String?) -> String {
        var delta: String?
        if let change = share.change {
            let tone = change > 0.0005 ? " better" : change < -0.0005 ? " worse" : ""
            delta = "<span class=\"delta\(tone)\"\(toneTitle(tone))>\(HTMLText.escape(GovernanceText.change(share)))</span>"
        }
        return "<div class=\"kpi\"><div class=\"label\">\(HTMLText.escape(label))</div>"
            + "<div class=\"value\">\(HTMLText.escape(GovernanceText.share(share.value)))</div>"
            + "<div class=\"note\">\(HTMLText.escape(note))</div>\(changeLine(delta, previousWeek: previousWeek))</div>\n"
    }

    /// A tooltip saying whether a change is good news, for readers who do not see the colors.
    static func toneTitle(_ tone: String) -> String {
        switch tone {
        case " better": " title=\"better than last week\""
        case " worse": " title=\"worse than last week\""
        default: ""
        }
    }
}
