/// Wording shared by the governance reporters, so Markdown and HTML say the same things.
enum GovernanceText {
    /// Usages listed per branch before the rest is left to the JSON and the outreach lists.
    static let usagesPerBranch = 25

    /// A branch's findings grouped by usage (file, line and image).
    static func usages(_ branch: GovernanceReport.BranchSection) -> [UsageGroup<GovernanceReport.LinkedFinding>] {
        UsageGroup.consecutive(branch.findings, path: \.path, line: \.line, image: \.image)
    }

    static let title = "Container image governance"

    /// `+3`, `-2`, `0`, or an em dash when there is nothing to compare with.
    static func change(_ count: GovernanceReport.Count) -> String {
        guard let change = count.change else { return "—" }
        if change == 0 { return "±0" }
        return change > 0 ? "+" + ChartNumber.grouped(change) : ChartNumber.grouped(change)
    }

    /// `+2.5 pts`, `-1 pts`, or an em dash.
    static func change(_ share: GovernanceReport.Share) -> String {
        guard let change = share.change else { return "—" }
        let points = (change * 1000).rounded() / 10
        if points == 0 { return "±0 pts" }
        let text = points == points.rounded() ? "\(Int(points))" : String(format: "%.1f", points)
        return (points > 0 ? "+" : "") + text + " pts"
    }

    static func share(_ value: Double?) -> String {
        value.map(ChartNumber.percent) ?? "—"
    }

    static func previous(_ count: GovernanceReport.Count) -> String {
        count.previous.map(ChartNumber.grouped) ?? "—"
    }

    /// The line under the title: which run, and what it is compared with.
    static func subtitle(_ report: GovernanceReport) -> String {
        var text = "Week \(report.week) · run #\(report.run.id) started \(ReportDate.minute(report.run.startedAt))"
        if report.run.status == "partial" { text += " (some repositories failed)" }
        return text
    }

    static func comparison(_ report: GovernanceReport) -> String {
        guard let previous = report.previous else {
            return "This is the first weekly run in the inventory: there is no earlier week to compare with."
        }
        return "Changes are against \(previous.week) (run #\(previous.id) of \(ReportDate.day(previous.startedAt)))."
    }

    static let noPolicy = "This run was not judged against a policy, so there are no findings."
    static let howToJudge = "Crawl with a policy.yml (SPEC §7) to see the non-standard and outdated images."
}
