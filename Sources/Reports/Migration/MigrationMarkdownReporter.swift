/// The migration report as Markdown: summary, weekly burndown table and every remaining usage.
public enum MigrationMarkdownReporter {
    /// The Markdown text.
    public static func render(_ report: MigrationReport) -> String {
        var out = "# Migration away from \(MarkdownText.code(report.from))\n\n"
        out += "Week \(report.week) · run #\(report.runID) of \(ReportDate.day(report.runStartedAt))"
        if let to = report.to { out += " · target \(MarkdownText.code(to))" }
        out += "\n\n"
        out += MigrationText.summary(report).map { "- " + $0 }.joined(separator: "\n") + "\n\n"

        out += "## Burndown\n\n"
        var header = "| Week | Run | Remaining usages | Branches | Repositories |"
        var rule = "|---|---:|---:|---:|---:|"
        if report.to != nil {
            header += " Target usages | Target branches | Target repositories |"
            rule += "---:|---:|---:|"
        }
        out += header + "\n" + rule + "\n"
        for point in report.weeks {
            var row = "| \(point.week) | \(point.runID) | \(point.fromUsages) | \(point.fromBranches) | \(point.fromRepositories) |"
            if report.to != nil {
                row += " \(point.toUsages ?? 0) | \(point.toBranches ?? 0) | \(point.toRepositories ?? 0) |"
            }
            out += row + "\n"
        }

        out += "\n## Remaining usages\n\n"
        if report.remaining.isEmpty {
            return out + "Nothing matches \(MarkdownText.code(report.from)) any more.\n"
        }
        for repository in MigrationText.byRepository(report.remaining) {
            let first = repository.branches[0].usages[0]
            out += "### \(MarkdownText.escape(repository.name))"
            if let team = first.team { out += " — team \(MarkdownText.escape(team))" }
            out += "\n\n"
            for branch in repository.branches {
                let head = branch.usages[0]
                out += "**\(MarkdownText.escape(branch.name))** at \(MarkdownText.code(String(head.commitID.prefix(12))))"
                out += head.stale ? " (last successful scan; the branch failed in the latest run)\n\n" : "\n\n"
                for usage in branch.usages {
                    let location = "\(usage.path):\(usage.line)"
                    let shown = usage.link.map { MarkdownText.link(location, url: $0) } ?? MarkdownText.code(location)
                    out += "- \(shown) \(MarkdownText.code(usage.image)) (\(MarkdownText.escape(usage.kind)))"
                    out += usage.changeProposed.map { " — change proposed (\(MarkdownText.code($0)))" } ?? ""
                    out += "\n"
                }
                out += "\n"
            }
        }
        return out
    }
}

/// Sentences and groupings shared by the migration reporters.
enum MigrationText {
    struct Repository {
        var name: String
        var branches: [(name: String, usages: [MigrationReport.Usage])]
    }

    /// Remaining usages grouped by repository then branch, in report order.
    static func byRepository(_ usages: [MigrationReport.Usage]) -> [Repository] {
        var result: [Repository] = []
        for usage in usages {
            if result.last?.name != usage.repository {
                result.append(Repository(name: usage.repository, branches: []))
            }
            if result[result.count - 1].branches.last?.name != usage.branch {
                result[result.count - 1].branches.append((usage.branch, []))
            }
            let last = result[result.count - 1].branches.count - 1
            result[result.count - 1].branches[last].usages.append(usage)
        }
        return result
    }

    /// Plain-text summary lines (no markup: callers escape nothing but add their own emphasis).
    static func summary(_ report: MigrationReport) -> [String] {
        let current = report.weeks.last
        let remaining = report.remaining.count
        var lines: [String] = []
        if remaining == 0 {
            lines.append("No usage matches the pattern any more.")
        } else {
            lines.append("\(count(remaining, "usage")) \(remaining == 1 ? "remains" : "remain") in \(count(current?.fromBranches ?? 0, "branch", "branches")) "
                         + "of \(count(current?.fromRepositories ?? 0, "repository", "repositories")).")
        }
        if let first = report.weeks.first, report.weeks.count > 1 {
            lines.append("\(first.week): \(count(first.fromUsages, "usage")) — \(ChartNumber.percent(report.progress)) "
                         + "of them gone since.")
        }
        if report.to != nil, let current {
            lines.append("\(count(current.toUsages ?? 0, "usage")) already on the target, in "
                         + "\(count(current.toBranches ?? 0, "branch", "branches")) of "
                         + "\(count(current.toRepositories ?? 0, "repository", "repositories")).")
        }
        return lines
    }

    static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        Wording.plural(value, singular, plural)
    }
}
