/// Wording shared by the governance reporters, so Markdown and HTML say the same things.
enum GovernanceText {
    /// Usages listed per branch before the rest is left to the JSON and the outreach lists.
    static let usagesPerBranch = 25

    /// A branch's findings grouped by usage (file, line and image), usages with an error first, then
    /// with a warning, then notes only; by location within each.
    static func usages(_ branch: GovernanceReport.BranchSection) -> [UsageGroup<GovernanceReport.LinkedFinding>] {
        let groups = UsageGroup.consecutive(branch.findings, path: \.path, line: \.line, image: \.image)
        return groups.enumerated().sorted { a, b in
            (worstRank(a.element), a.offset) < (worstRank(b.element), b.offset)
        }.map(\.element)
    }

    /// The rank (`SeverityOrder`) of a usage's most pressing finding.
    static func worstRank(_ usage: UsageGroup<GovernanceReport.LinkedFinding>) -> Int {
        usage.items.map { SeverityOrder.rank($0.severity) }.min() ?? SeverityOrder.all.count
    }

    /// What a cut table leaves out: `1,204 more usages with findings on this branch (12 with an error,
    /// 1,192 with a warning)`, each usage counted by its most pressing finding.
    static func hidden(_ usages: ArraySlice<UsageGroup<GovernanceReport.LinkedFinding>>) -> String {
        var counts: [Int: Int] = [:]
        for usage in usages { counts[worstRank(usage), default: 0] += 1 }
        let parts = SeverityOrder.all.enumerated().compactMap { rank, severity -> String? in
            guard let count = counts[rank], count > 0 else { return nil }
            let article = severity == "error" ? "an" : "a"
            return "\(ChartNumber.grouped(count)) with \(count == 1 ? "\(article) \(severity)" : "\(severity)s")"
        }
        return Wording.plural(usages.count, "more usage") + " with findings on this branch ("
            + parts.joined(separator: ", ") + ")"
    }

    static let title = "Container image governance"

    static let endingSoonTitle = "Ending soon"
    static let endingSoonLead = "Images built on a release that reaches end of life within the policy's warnBeforeEolDays "
        + "(eol-soon findings), soonest first: move them before the date."

    /// "85 days", "1 day", "—" when unknown.
    static func daysLeft(_ days: Int?) -> String {
        guard let days else { return "—" }
        return Wording.plural(days, "day")
    }

    /// One "top images" list: its title, a line saying what is in it, and what to say when it is empty.
    struct TopImages {
        var title: String
        var lead: String
        var empty: String
        var rows: KeyPath<GovernanceReport, [GovernanceReport.ImageRow]>
        /// Whether more than one rule can fill the list, so the rules column says which.
        var severalRules: Bool
    }

    /// The lists of images to act on, each holding only images with a finding of the rules it names.
    static var topImages: [TopImages] { [
        TopImages(title: "Top non-standard images",
                  lead: "Images with a non-standard-image finding (outside the standard set), by how many branches use them.",
                  empty: "No usage of a non-standard image.", rows: \.nonStandardImages, severalRules: false),
        TopImages(title: "Top unapproved base images",
                  lead: "Dockerfile bases with an unapproved-base-image finding (not on the approved list).",
                  empty: "No Dockerfile builds on an unapproved base image.", rows: \.unapprovedBaseImages,
                  severalRules: false),
        TopImages(title: "Top outdated images",
                  lead: "Images with an outdated-tag finding (content older than the policy's age limit).",
                  empty: "No usage of an outdated image.", rows: \.outdatedImages, severalRules: false),
        TopImages(title: "Top deprecated, end-of-life and removed images",
                  lead: "Images with a deprecated-image, eol-os, eol-image or removed-tag finding: they must go.",
                  empty: "No usage of a deprecated, end-of-life or removed image.", rows: \.retiredImages,
                  severalRules: true),
    ] }

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
    static let howToJudge = "Crawl with a policy.yml (docs/policy.md) to see the non-standard and outdated images."
}
