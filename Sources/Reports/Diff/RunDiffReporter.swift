import Foundation

/// Prints a `RunDiff` for people (a list per branch) or programs (JSON).
public enum RunDiffReporter {
    /// The output formats of `census diff`.
    public enum Format: String, Sendable, CaseIterable {
        case table, json
    }

    /// `diff` in `format`.
    public static func render(_ diff: RunDiff, as format: Format) throws -> String {
        switch format {
        case .table: return text(diff)
        case .json: return try ReportJSON.encode(diff)
        }
    }

    /// One block per branch: `+` appeared, `-` disappeared, with file:line, kind and image.
    public static func text(_ diff: RunDiff) -> String {
        let totals = diff.totals
        var out = "run #\(diff.from.id) (\(diff.from.week), \(ReportDate.day(diff.from.startedAt))) -> "
            + "run #\(diff.to.id) (\(diff.to.week), \(ReportDate.day(diff.to.startedAt)))\n"
        out += "references: +\(totals.referencesAppeared) -\(totals.referencesDisappeared)"
        out += diff.findingsCompared ? "   findings: +\(totals.findingsAppeared) -\(totals.findingsDisappeared)" : ""
        out += "   branches: +\(totals.branchesAdded) -\(totals.branchesRemoved)\n"
        if diff.branches.isEmpty { return out + "\nno changes\n" }
        for branch in diff.branches {
            out += "\n\(TerminalText.clean(branch.repository))  \(TerminalText.clean(branch.branch))  "
                + commits(branch) + "\n"
            for usage in branch.referencesAppeared { out += "  + " + line(usage) + "\n" }
            for usage in branch.referencesDisappeared { out += "  - " + line(usage) + "\n" }
            for finding in branch.findingsAppeared { out += "  + " + line(finding) + "\n" }
            for finding in branch.findingsDisappeared { out += "  - " + line(finding) + "\n" }
        }
        return out
    }

    static func commits(_ branch: RunDiff.BranchChanges) -> String {
        switch (branch.fromCommit, branch.toCommit) {
        case (nil, let to?): return "(new branch at \(to.prefix(12)))"
        case (let from?, nil): return "(branch gone, was at \(from.prefix(12)))"
        case (let from?, let to?) where from != to: return "(\(from.prefix(12)) -> \(to.prefix(12)))"
        case (let from?, _): return "(\(from.prefix(12)))"
        case (nil, nil): return "(never scanned)"
        }
    }

    static func line(_ usage: RunDiff.Usage) -> String {
        TerminalText.clean("\(usage.path):\(usage.line)  \(usage.kind)  \(usage.image)")
    }

    static func line(_ finding: RunDiff.FindingChange) -> String {
        TerminalText.clean("finding \(finding.rule) (\(finding.severity))  \(finding.path):\(finding.line)  \(finding.image)")
    }
}
