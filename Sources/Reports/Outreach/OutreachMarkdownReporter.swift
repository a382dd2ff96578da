import Extraction
import Foundation
import Policy

/// One owner's outreach list as Markdown, written to be pasted into an email or an issue.
public enum OutreachMarkdownReporter {
    /// The Markdown text for `group`.
    public static func render(_ group: OutreachList.Group, of list: OutreachList) -> String {
        let rows = group.rows
        var out = "# Container image changes for \(MarkdownText.escape(group.owner))\n\n"
        out += "Week \(list.week) · run #\(list.runID) of \(ReportDate.day(list.runStartedAt))\n\n"
        let repositories = Set(rows.map(\.repository)).count
        let places = Set(rows.map { OutreachText.Place(row: $0) })
        let downloads = places.count(where: \.isDownload)
        let usages = places.count - downloads
        var severities: [String: Int] = [:]
        for row in rows { severities[row.severity, default: 0] += 1 }
        // A download's URL is no image: counted apart, so the sentence never calls it an image usage.
        let found = [usages > 0 || downloads == 0 ? Wording.plural(usages, "image usage") : nil,
                     downloads > 0 ? Wording.plural(downloads, "unchecked download") : nil].compactMap { $0 }.joined(separator: " and ")
        out += "The weekly container image census found \(found) "
            + "\(OutreachText.ownership(group)) that \(places.count == 1 ? "does" : "do") not meet the container image policy, "
            + "in \(Wording.plural(repositories, "repository", "repositories")): "
            + "\(Wording.plural(rows.count, "finding")) (\(Wording.severities(severities))). "
            + OutreachText.linkSentence(rows)
            + (rows.contains { $0.suggestion != nil } ? " and names the image to move to where one is known." : ".")
            + "\n\n"
        if !group.contacts.isEmpty {
            out += "Contact: " + group.contacts.map(MarkdownText.escape).joined(separator: ", ") + "\n\n"
        }

        let changes = OutreachText.changes(rows, runDate: list.runStartedAt, registryEndOfLife: list.registryEndOfLife)
        if !changes.isEmpty {
            out += "## In short\n\n"
            for change in changes {
                out += "- " + (change.rules == [RuleID.unverifiedDownload.rawValue]
                    ? "Check the download \(MarkdownText.code(change.image)) against a checksum or signature"
                    : change.suggestions.isEmpty
                    ? "Review \(MarkdownText.code(change.image))"
                    : "Move \(MarkdownText.code(change.image)) to " + change.suggestions.map(MarkdownText.code).joined(separator: " or "))
                out += " — \(Wording.plural(change.count, "usage")) (\(change.rules.map(MarkdownText.code).joined(separator: ", ")))"
                out += change.endOfLife.map { ", before its end of life on \($0)" } ?? ""
                out += "\n"
            }
            out += "\n"
        }

        for repository in OutreachText.byRepository(rows) {
            out += "## \(MarkdownText.escape(repository.name))\n\n"
            for branch in repository.branches {
                out += "### \(MarkdownText.escape(branch.name)) at \(MarkdownText.code(String(branch.rows[0].commitID.prefix(12))))\n\n"
                let usages = UsageGroup.consecutive(branch.rows, path: \.path, line: \.line, image: \.image)
                for usage in usages {
                    let location = "\(usage.path):\(usage.line)"
                    let shown = usage.items[0].link.map { MarkdownText.link(location, url: $0) } ?? MarkdownText.code(location)
                    out += "- \(shown) \(MarkdownText.code(usage.image))\n"
                    for row in usage.items {
                        out += "  - **\(MarkdownText.escape(row.severity))** \(MarkdownText.code(row.rule)): \(MarkdownText.escape(row.message))\n"
                    }
                    let suggestions = distinctSuggestions(usage.items.map { ($0.severity, $0.suggestion) })
                    if !suggestions.isEmpty {
                        out += "  - Suggested replacement: " + suggestions.map(MarkdownText.code).joined(separator: " or ") + "\n"
                    }
                }
                out += "\n"
            }
        }
        return out
    }
}

/// Wording and groupings shared by the outreach reporters.
enum OutreachText {
    struct Repository {
        var name: String
        var branches: [(name: String, rows: [OutreachList.Row])]
    }

    /// One place a finding points at: an image usage or a download, at a file and line of a branch.
    struct Place: Hashable {
        var repository: String
        var branch: String
        var path: String
        var line: Int
        var image: String
        var isDownload: Bool

        init(row: OutreachList.Row) {
            repository = row.repository
            branch = row.branch
            path = row.path
            line = row.line
            image = row.image
            isDownload = row.rule == RuleID.unverifiedDownload.rawValue
        }
    }

    struct Change {
        /// The image, or a download's URL.
        var image: String
        var suggestions: [String]
        var rules: [String]
        var count: Int
        /// Rank of the most pressing severity (0 for errors).
        var rank: Int
        /// The end-of-life day an `eol-soon` finding of the image warns about, when census knows it.
        var endOfLife: String?
    }

    static func byRepository(_ rows: [OutreachList.Row]) -> [Repository] {
        var result: [Repository] = []
        for row in rows {
            if result.last?.name != row.repository { result.append(Repository(name: row.repository, branches: [])) }
            if result[result.count - 1].branches.last?.name != row.branch {
                result[result.count - 1].branches.append((row.branch, []))
            }
            let last = result[result.count - 1].branches.count - 1
            result[result.count - 1].branches[last].rows.append(row)
        }
        return result
    }

    /// One line per image: how many usages, which rules, and where to move; errors first, then most usages.
    static func changes(_ rows: [OutreachList.Row], runDate: Date, registryEndOfLife: [String: String] = [:]) -> [Change] {
        Dictionary(grouping: rows, by: \.image).map { image, list in
            let warned = list.contains { $0.rule == GovernanceReport.endingSoonRule }
            let registry = registryEndOfLife[image].map {
                EndOfLifeDate(day: $0, subject: image, source: "its registry's lifecycle annotation", isImageLifecycle: true)
            }
            let dates = EndOfLifeDate.known(for: .parse(image)) + (registry.map { [$0] } ?? [])
            let endOfLife = warned ? EndOfLifeDate.earliestUpcoming(dates, at: runDate)?.day : nil
            return Change(image: image, suggestions: distinctSuggestions(list.map { ($0.severity, $0.suggestion) }),
                   rules: RuleOrder.sorted(Set(list.map(\.rule))),
                   count: Set(list.map { "\($0.repository)\n\($0.branch)\n\($0.path)\n\($0.line)" }).count,
                   rank: list.map { SeverityOrder.rank($0.severity) }.min() ?? SeverityOrder.all.count,
                   endOfLife: endOfLife)
        }.sorted { ($0.rank, $1.count, $0.image) < ($1.rank, $0.count, $1.image) }
    }

    static func ownership(_ group: OutreachList.Group) -> String {
        switch group.source {
        case .codeowners: return "in files CODEOWNERS assigns to you"
        case .team: return "in repositories your team owns"
        case .none: return "in files nobody is known to own"
        }
    }

    /// How the list shows locations: a promise of links only where there are links (local repositories
    /// have none).
    static func linkSentence(_ rows: [OutreachList.Row]) -> String {
        let linked = rows.count { $0.link != nil }
        if linked == rows.count, linked > 0 { return "Each usage links to the file and line at the commit that was scanned" }
        if linked > 0 {
            return "Usages in repositories on a known code host link to the file and line at the commit that was scanned"
        }
        return "Each usage names the file and line at the commit that was scanned"
    }
}
