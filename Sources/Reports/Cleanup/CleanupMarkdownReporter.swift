import Foundation
import Policy

/// A clean-up plan as Markdown: totals, the tags to delete, the blocked tags with every usage and its
/// owner (the outreach list for the removal), and the tags kept with why.
public enum CleanupMarkdownReporter {
    /// The Markdown text.
    public static func render(_ plan: CleanupPlan) -> String {
        var out = "# Clean-up plan for \(MarkdownText.code(plan.repository))\n\n"
        out += "Week \(plan.week) · run #\(plan.runID) of \(ReportDate.day(plan.evaluatedAt))"
        out += " · catalog: \(MarkdownText.escape(plan.source)), fetched \(ReportDate.day(plan.catalogFetchedAt))\n\n"
        out += "A tag is deleted when its content is older than \(plan.maxAgeDays.counted("day")) (`maxAgeDays`) or its OS "
        out += "is past end of life, and no usage named it in the last \(plan.recentRuns.counted("run")) "
        out += "(runs \(plan.runIDs.map { "#\($0)" }.joined(separator: ", "))). "
        out += "`census cleanup execute --plan` acts on the JSON file next to this one.\n\n"
        if let stale = plan.catalogStale { out += "**The catalog is stale:** \(MarkdownText.escape(stale)).\n\n" }

        let totals = plan.totals
        out += "| Verdict | Tags | Size |\n|---|---:|---:|\n"
        out += "| delete | \(totals.delete) | \(bytes(totals.deleteBytes)) |\n"
        out += "| blocked | \(totals.blocked) | \(bytes(totals.blockedBytes)) |\n"
        out += "| keep | \(totals.keep) | |\n"
        out += "| **total** | **\(totals.tags)** | |\n\n"
        if totals.delete + totals.blocked > 0 {
            out += totals.tagsWithoutSize == totals.delete + totals.blocked
                ? "Sizes: the source states none (a git manifest catalog, or the registry could not be asked).\n\n"
                : "Sizes are what the manifests state (config and layers); layers shared with other images are not freed.\n\n"
        }

        out += "## Delete (\(totals.delete))\n\n"
        let deletions = plan.tags(.delete)
        if deletions.isEmpty {
            out += "Nothing to delete.\n\n"
        } else {
            out += "| Tag | Age | End of life | Digest | Size | Why |\n|---|---:|---|---|---:|---|\n"
            for tag in deletions {
                out += "| \(MarkdownText.code(tag.tag)) | \(age(tag)) | \(MarkdownText.escape(tag.endOfLife ?? "")) | "
                out += "\(tag.digest.map { MarkdownText.code(String($0.prefix(19))) } ?? "") | \(bytes(tag.bytes)) | "
                out += "\(MarkdownText.escape(tag.reason)) |\n"
            }
            out += "\n"
        }

        out += "## Blocked (\(totals.blocked)): still used\n\n"
        let blocked = plan.tags(.blocked)
        if blocked.isEmpty {
            out += "No old tag is still used.\n\n"
        } else {
            out += "Each of these would be deleted but is used; the owners below must move first.\n\n"
            for tag in blocked {
                out += "### \(MarkdownText.code(tag.tag))\n\n\(MarkdownText.escape(tag.reason)).\n\n"
                out += "| Owner | Repository | Branch | Where | Seen |\n|---|---|---|---|---|\n"
                for usage in tag.usages {
                    let place = "\(usage.path):\(usage.line)"
                    let whereText = usage.link.map { MarkdownText.link(place, url: $0) } ?? MarkdownText.escape(place)
                    let seen = usage.current ? "now" : "run #\(usage.lastSeenRunID)"
                    out += "| \(MarkdownText.escape(usage.owner)) | \(MarkdownText.escape(usage.repository)) | "
                    out += "\(MarkdownText.escape(usage.branch)) | \(whereText) | \(seen) |\n"
                }
                out += "\n"
            }
        }

        out += "## Keep (\(totals.keep))\n\n"
        let kept = plan.tags(.keep)
        if !kept.isEmpty {
            out += "| Tag | Age | Usages | Why |\n|---|---:|---:|---|\n"
            for tag in kept {
                out += "| \(MarkdownText.code(tag.tag)) | \(age(tag)) | \(tag.usages.count) | \(MarkdownText.escape(tag.reason)) |\n"
            }
            out += "\n"
        }
        if !plan.warnings.isEmpty {
            out += "## Warnings\n\n" + plan.warnings.map { "- \(MarkdownText.escape($0))" }.joined(separator: "\n") + "\n"
        }
        return out
    }

    static func age(_ tag: CleanupTag) -> String {
        tag.ageDays.map { "\($0) d" } ?? "—"
    }

    /// `1.2 GB`, `340 MB`, `12 kB` (decimal units, as registries show sizes); empty when unknown.
    static func bytes(_ value: Int64?) -> String {
        guard let value else { return "" }
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (size, unit) in units where Double(value) >= size {
            return String(format: "%.1f %@", Double(value) / size, unit)
        }
        return "\(value) B"
    }
}
