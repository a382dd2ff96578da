/// The rebuild impact as Markdown: what is affected, then one rebuild-and-outreach list per repository
/// and branch, each with its owners.
public enum ImpactMarkdownReporter {
    /// The Markdown text.
    public static func render(_ report: ImpactReport) -> String {
        var out = "# Rebuild impact of \(MarkdownText.code(report.pattern))\n\n"
        out += "Week \(report.week) · run #\(report.runID) of \(ReportDate.day(report.runStartedAt))"
        out += " · followed up to \(Wording.plural(report.maxDepth, "level"))\n\n"
        out += ImpactText.summary(report).map { "- " + $0 }.joined(separator: "\n") + "\n\n"
        if report.branches.isEmpty {
            return out + "No Dockerfile of the fleet is built on an image matching \(MarkdownText.code(report.pattern)).\n"
        }

        out += "## Affected images\n\n| Level | Image | Published by |\n|---:|---|---|\n"
        for image in report.images {
            let by = image.publishedBy.map { publication in
                "\(MarkdownText.escape(publication.repository)) \(MarkdownText.escape(publication.branch)) "
                    + ImpactText.location(path: publication.path, line: publication.line, link: publication.link)
                    + " (\(publication.via))"
            }
            out += "| \(image.level) | \(MarkdownText.code(image.image)) | "
                + (by.isEmpty ? "matches the pattern" : by.joined(separator: "<br>")) + " |\n"
        }

        out += "\n## Rebuild and outreach, by repository and branch\n"
        for list in report.branches {
            out += "\n### \(MarkdownText.escape(list.repository)) — \(MarkdownText.escape(list.branch))"
            out += " at \(MarkdownText.code(String((list.items.first?.commitID ?? "").prefix(12))))\n\n"
            out += "Owners: " + list.owners.map(MarkdownText.escape).joined(separator: ", ")
            if let team = list.team { out += " · team \(MarkdownText.escape(team))" }
            if let contact = list.contact { out += " · contact \(MarkdownText.escape(contact))" }
            out += "\n\n"
            if list.items.contains(where: \.stale) {
                out += "(last successful scan; the branch failed in the latest run)\n\n"
            }
            for item in list.items {
                out += "- level \(item.level), **\(item.action == .rebuild ? "rebuild" : "uses")** "
                    + ImpactText.location(path: item.path, line: item.line, link: item.link)
                    + " \(MarkdownText.code(item.image)) (\(MarkdownText.escape(item.kind)))"
                if let dockerfile = item.dockerfile, dockerfile != item.path {
                    out += ", Dockerfile \(MarkdownText.code(dockerfile))"
                }
                if !item.publishes.isEmpty {
                    out += " → publishes " + ImpactText.images(item.publishes).map(MarkdownText.code).joined(separator: ", ")
                }
                if item.chain.count > 1 {
                    out += " · via " + item.chain.dropLast().map(MarkdownText.code).joined(separator: " → ")
                }
                out += " · owner \(MarkdownText.escape(item.owner))"
                if let rule = item.codeownersRule { out += " (\(MarkdownText.escape(rule)))" }
                out += "\n"
            }
        }
        return out
    }
}

/// Sentences shared by the impact reporters.
enum ImpactText {
    /// The distinct images of `publications`, in order.
    static func images(_ publications: [ImpactReport.Publication]) -> [String] {
        var seen: [String] = []
        for publication in publications where !seen.contains(publication.image) { seen.append(publication.image) }
        return seen
    }

    /// `path:line` (or the path alone), linked when a link is known.
    static func location(path: String, line: Int?, link: String?) -> String {
        let text = line.map { "\(path):\($0)" } ?? path
        return link.map { MarkdownText.link(text, url: $0) } ?? MarkdownText.code(text)
    }

    /// Plain-text summary lines.
    static func summary(_ report: ImpactReport) -> [String] {
        let items = report.items
        let rebuilds = items.filter { $0.action == .rebuild }
        let uses = items.filter { $0.action == .uses }
        let repositories = Set(items.map(\.repository)).count
        let published = report.images.filter { $0.level > 0 }.count
        var lines = [
            "\(Wording.plural(rebuilds.count, "Dockerfile usage")) to rebuild and \(Wording.plural(uses.count, "usage")) "
                + "of rebuilt images, in \(Wording.plural(report.branches.count, "branch", "branches")) of "
                + "\(Wording.plural(repositories, "repository", "repositories")).",
            "\(Wording.plural(report.images.count - published, "matching base image")); "
                + "\(Wording.plural(published, "image")) published from them"
                + (items.isEmpty ? "." : ", \(Wording.plural(items.map(\.level).max() ?? 0, "level")) deep."),
        ]
        if report.truncated {
            lines.append("Stopped at level \(report.maxDepth): images published there have usages not listed (raise --depth).")
        }
        return lines
    }
}
