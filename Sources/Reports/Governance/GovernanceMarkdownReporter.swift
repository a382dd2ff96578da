/// The governance report as Markdown, for a wiki page, a pull request or an email.
public enum GovernanceMarkdownReporter {
    /// The Markdown text.
    public static func render(_ report: GovernanceReport) -> String {
        var out = "# \(GovernanceText.title) — \(report.week)\n\n"
        out += "\(GovernanceText.subtitle(report)). \(GovernanceText.comparison(report))\n\n"
        out += headline(report)
        out += findingsByRule(report)
        for list in GovernanceText.topImages {
            out += imageTable(list.title, report[keyPath: list.rows], showRules: list.severalRules,
                              empty: report.policyEvaluated ? list.empty : nil)
        }
        out += endingSoon(report)
        out += imageTable("Most used images", report.mostUsedImages, showRules: report.policyEvaluated,
                          empty: "No image references recorded.")
        out += repositories(report)
        out += failures(report)
        out += trend(report)
        return out
    }

    static func headline(_ report: GovernanceReport) -> String {
        let h = report.headline
        var rows: [(String, String, String, String)] = [
            ("Repositories tracked", ChartNumber.grouped(h.repositories.value), GovernanceText.previous(h.repositories),
             GovernanceText.change(h.repositories)),
            ("Repositories that failed", ChartNumber.grouped(h.repositoriesFailed.value),
             GovernanceText.previous(h.repositoriesFailed), GovernanceText.change(h.repositoriesFailed)),
            ("Branches", ChartNumber.grouped(h.branches.value), GovernanceText.previous(h.branches),
             GovernanceText.change(h.branches)),
            ("Image references", ChartNumber.grouped(h.references.value), GovernanceText.previous(h.references),
             GovernanceText.change(h.references)),
            ("Distinct images", ChartNumber.grouped(h.images.value), GovernanceText.previous(h.images),
             GovernanceText.change(h.images)),
            ("Unresolved references", ChartNumber.grouped(h.unresolved.value), GovernanceText.previous(h.unresolved),
             GovernanceText.change(h.unresolved)),
        ]
        if report.policyEvaluated {
            rows.append(("On standard images", GovernanceText.share(h.standardShare.value),
                         GovernanceText.share(h.standardShare.previous), GovernanceText.change(h.standardShare)))
            if let findings = h.findings {
                rows.append(("Findings", ChartNumber.grouped(findings.value), GovernanceText.previous(findings),
                             GovernanceText.change(findings)))
            }
            for severity in SeverityOrder.all {
                if let count = h.findingsBySeverity?[severity] {
                    rows.append(("… \(severity)s", ChartNumber.grouped(count.value), GovernanceText.previous(count),
                                 GovernanceText.change(count)))
                }
            }
        }
        var out = "## Headline\n\n"
        if report.previous == nil {
            out += "| | \(report.week) |\n|---|---:|\n"
            for row in rows { out += "| \(row.0) | \(row.1) |\n" }
        } else {
            out += "| | \(report.week) | \(report.previous?.week ?? "") | Change |\n|---|---:|---:|---:|\n"
            for row in rows { out += "| \(row.0) | \(row.1) | \(row.2) | \(row.3) |\n" }
        }
        if !report.policyEvaluated { out += "\n\(GovernanceText.noPolicy) \(GovernanceText.howToJudge)\n" }
        return out + "\n"
    }

    static func findingsByRule(_ report: GovernanceReport) -> String {
        guard report.policyEvaluated else { return "" }
        var out = "## Findings by rule\n\n"
        if report.findingsByRule.isEmpty { return out + "No findings: every usage meets the policy.\n\n" }
        let compare = report.previous != nil
        out += "| Rule | Severity | Findings |" + (compare ? " Change |" : "") + " Repositories | Branches |\n"
        out += "|---|---|---:|" + (compare ? "---:|" : "") + "---:|---:|\n"
        for rule in report.findingsByRule {
            out += "| \(MarkdownText.code(rule.rule)) | \(MarkdownText.escape(rule.severity)) | \(ChartNumber.grouped(rule.findings.value)) |"
            if compare { out += " \(GovernanceText.change(rule.findings)) |" }
            out += " \(ChartNumber.grouped(rule.repositories)) | \(ChartNumber.grouped(rule.branches)) |\n"
        }
        return out + "\n"
    }

    static func imageTable(_ title: String, _ rows: [GovernanceReport.ImageRow], showRules: Bool, empty: String?) -> String {
        guard !rows.isEmpty || empty != nil else { return "" }
        var out = "## \(title)\n\n"
        if rows.isEmpty { return out + (empty ?? "") + "\n\n" }
        let showSuggestions = rows.contains { $0.suggestion != nil }
        out += "| Image |" + (showRules ? " Rules |" : "") + " Repositories | Branches | Usages |"
            + (showSuggestions ? " Suggested replacement |" : "") + "\n"
        out += "|---|" + (showRules ? "---|" : "") + "---:|---:|---:|" + (showSuggestions ? "---|" : "") + "\n"
        for row in rows {
            out += "| \(MarkdownText.code(row.image)) |"
            if showRules { out += " " + row.rules.map(MarkdownText.code).joined(separator: " ") + " |" }
            out += " \(ChartNumber.grouped(row.repositories)) | \(ChartNumber.grouped(row.branches)) |"
                + " \(ChartNumber.grouped(row.usages)) |"
            if showSuggestions { out += " \(row.suggestion.map(MarkdownText.code) ?? "") |" }
            out += "\n"
        }
        return out + "\n"
    }

    /// Shown only when something ends soon: a policy without `warnBeforeEolDays` has nothing to say here.
    static func endingSoon(_ report: GovernanceReport) -> String {
        guard report.policyEvaluated, !report.endingSoon.isEmpty else { return "" }
        var out = "## \(GovernanceText.endingSoonTitle)\n\n\(GovernanceText.endingSoonLead)\n\n"
        let showSuggestions = report.endingSoon.contains { $0.suggestion != nil }
        out += "| End of life | In | Image | Built on | Repositories | Branches | Usages |"
            + (showSuggestions ? " Suggested replacement |" : "") + "\n"
        out += "|---|---:|---|---|---|---:|---:|" + (showSuggestions ? "---|" : "") + "\n"
        for row in report.endingSoon {
            out += "| \(row.endOfLife ?? "—") | \(GovernanceText.daysLeft(row.daysLeft)) | \(MarkdownText.code(row.image)) |"
                + " \(row.endsWhat.map(MarkdownText.escape) ?? "—") |"
                + " \(row.repositories.map(MarkdownText.escape).joined(separator: ", ")) |"
                + " \(ChartNumber.grouped(row.branches)) | \(ChartNumber.grouped(row.usages)) |"
            if showSuggestions { out += " \(row.suggestion.map(MarkdownText.code) ?? "") |" }
            out += "\n"
        }
        return out + "\n"
    }

    static func repositories(_ report: GovernanceReport) -> String {
        guard report.policyEvaluated else { return "" }
        var out = "## Findings by repository and branch\n\n"
        if report.repositories.isEmpty { return out + "No repository has findings.\n\n" }
        if report.repositoriesWithoutFindings > 0 {
            out += "\(Wording.plural(report.repositoriesWithoutFindings, "other repository has", "other repositories have")) no findings.\n\n"
        }
        for repository in report.repositories {
            out += "### \(MarkdownText.escape(repository.name))"
            if let team = repository.team { out += " (team \(MarkdownText.escape(team)))" }
            out += " — \(Wording.plural(repository.findings, "finding")): \(Wording.severities(repository.severities))\n\n"
            for branch in repository.branches {
                out += "**\(MarkdownText.escape(branch.name))**"
                if let commit = branch.commitID { out += " at \(MarkdownText.code(String(commit.prefix(12))))" }
                if branch.stale { out += " (last successful scan: the branch failed this week)" }
                out += "\n\n| Location | Image | Findings | Suggested replacement |\n|---|---|---|---|\n"
                let usages = GovernanceText.usages(branch)
                for usage in usages.prefix(GovernanceText.usagesPerBranch) {
                    let location = "\(usage.path):\(usage.line)"
                    let shown = usage.items[0].link.map { MarkdownText.link(location, url: $0) } ?? MarkdownText.code(location)
                    let findings = usage.items.map { "\(MarkdownText.code($0.rule)) \(MarkdownText.escape($0.severity))" }
                    let suggestions = distinctSuggestions(usage.items.map { ($0.severity, $0.suggestion) })
                    out += "| \(shown) | \(MarkdownText.code(usage.image)) | \(findings.joined(separator: ", ")) |"
                        + " \(suggestions.map(MarkdownText.code).joined(separator: " or ")) |\n"
                }
                if usages.count > GovernanceText.usagesPerBranch {
                    out += "\n… and \(GovernanceText.hidden(usages.dropFirst(GovernanceText.usagesPerBranch)))"
                        + ": every finding is in `governance.json` and the outreach lists.\n"
                }
                out += "\n"
            }
        }
        return out
    }

    static func failures(_ report: GovernanceReport) -> String {
        var out = "## Repositories that failed to crawl\n\n"
        if report.failures.isEmpty { return out + "Every repository and branch was crawled.\n\n" }
        out += "Their last successful scan still counts above.\n\n| Repository | Branch | Error |\n|---|---|---|\n"
        for failure in report.failures {
            out += "| \(MarkdownText.escape(failure.repository)) | \(failure.branch.map(MarkdownText.escape) ?? "(whole repository)") |"
                + " \(MarkdownText.code(failure.error)) |\n"
        }
        return out + "\n"
    }

    static func trend(_ report: GovernanceReport) -> String {
        var out = "## Trend (\(Wording.plural(report.trend.count, "week")))\n\n"
        out += "| Week | Run | Repositories | Failed | Branches | References |"
            + (report.policyEvaluated ? " Findings | Errors | On standard images |" : "") + "\n"
        out += "|---|---:|---:|---:|---:|---:|" + (report.policyEvaluated ? "---:|---:|---:|" : "") + "\n"
        for point in report.trend {
            out += "| \(point.week) | \(point.runID) | \(ChartNumber.grouped(point.repositories)) |"
                + " \(ChartNumber.grouped(point.repositoriesFailed)) | \(ChartNumber.grouped(point.branches)) |"
                + " \(ChartNumber.grouped(point.references)) |"
            if report.policyEvaluated {
                out += " \(point.findings.map(ChartNumber.grouped) ?? "—") | \(point.errors.map(ChartNumber.grouped) ?? "—") |"
                    + " \(GovernanceText.share(point.standardShare)) |"
            }
            out += "\n"
        }
        return out
    }
}
