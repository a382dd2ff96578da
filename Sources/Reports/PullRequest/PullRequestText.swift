/// The title and Markdown body of the pull request that proposes one `ProposedChange`: the edits
/// (file:line, from → to, with the usages each one serves), the matching usages left alone and why,
/// and the owners who should review it.
///
/// The owners are those of the edited files (`FileOwners.owner(of:codeowners:team:)`: the CODEOWNERS
/// rule of the branch, else the repository's team from repos.txt). Every text that comes from a repository is escaped, so
/// it shows as written and adds no markup; links point at the scanned commit on the hosts
/// `SourceLink` knows, and never carry credentials.
public struct PullRequestText: Sendable, Hashable {
    /// A one-line title.
    public var title: String
    /// The Markdown body, ending with a newline.
    public var body: String

    /// The text for `change`.
    public init(_ change: ProposedChange) {
        let edits = change.edits.sorted { ($0.location.path, $0.location.line) < ($1.location.path, $1.location.line) }
        let leftAlone = change.leftAlone.sorted {
            ($0.location.path, $0.location.line, $0.image) < ($1.location.path, $1.location.line, $1.image)
        }
        title = Self.title(edits: edits, baseBranch: change.baseBranch)
        body = Self.body(change, edits: edits, leftAlone: leftAlone)
    }

    static func title(edits: [ProposedChange.Edit], baseBranch: String) -> String {
        let targets = Set(edits.map(\.to))
        let sources = Set(edits.map(\.from))
        let flat = { (text: String) in MarkdownText.flatten(text) }
        if sources.count == 1, targets.count == 1, let from = sources.first, let to = targets.first {
            return "Move \(flat(from)) to \(flat(to)) on \(flat(baseBranch))"
        }
        if targets.count == 1, let to = targets.first {
            return "Move \(sources.count) container images to \(flat(to)) on \(flat(baseBranch))"
        }
        return "Update \(edits.count) container image \(edits.count == 1 ? "reference" : "references") on \(flat(baseBranch))"
    }

    static func body(_ change: ProposedChange, edits: [ProposedChange.Edit], leftAlone: [ProposedChange.LeftAlone]) -> String {
        var lines: [String] = []
        let usages = edits.reduce(0) { $0 + max(1, $1.usages.count) }
        lines.append("This change was prepared by `census migrate` for \(MarkdownText.escape(change.repository)), branch "
                     + "\(MarkdownText.code(change.baseBranch)) at \(MarkdownText.code(String(change.baseCommit.prefix(12)))). "
                     + "It rewrites \(Self.count(edits.count, "image definition", "image definitions")) "
                     + "(\(Self.count(usages, "usage", "usages"))) where the image is written; "
                     + "every other byte of the files is unchanged.")
        lines.append("")
        lines.append("### Owners")
        lines.append("")
        lines += Self.owners(change, edits: edits)
        lines.append("")
        lines.append("### Edits")
        lines.append("")
        if edits.isEmpty {
            lines.append("None.")
        } else {
            lines.append("| File | From | To | Used at |")
            lines.append("|---|---|---|---|")
            for edit in edits {
                let used = edit.usages.map { Self.place($0, in: change) }.joined(separator: ", ")
                lines.append("| \(Self.place(edit.location, in: change)) | \(MarkdownText.code(edit.from)) | "
                             + "\(MarkdownText.code(edit.to)) | \(used.isEmpty ? "this line" : used) |")
            }
        }
        lines.append("")
        lines.append("### Left alone")
        lines.append("")
        if leftAlone.isEmpty {
            lines.append("Nothing: every matching usage is changed.")
        } else {
            lines.append("| File | Image | Why |")
            lines.append("|---|---|---|")
            for usage in leftAlone {
                lines.append("| \(Self.place(usage.location, in: change)) | \(MarkdownText.code(usage.image)) | "
                             + "\(MarkdownText.escape(usage.reason)) |")
            }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// One list item per owner of the edited files, saying where the owner comes from.
    static func owners(_ change: ProposedChange, edits: [ProposedChange.Edit]) -> [String] {
        var order: [FileOwners.Owner] = []
        var files: [FileOwners.Owner: [String]] = [:]
        for path in edits.map(\.location.path) {
            let owner = FileOwners.owner(of: path, codeowners: change.codeowners, team: change.team)
            // One entry per owner and source; the first deciding rule is named.
            let key = order.first { $0.name == owner.name && $0.source == owner.source } ?? owner
            if files[key] == nil { order.append(key) }
            if files[key]?.contains(path) != true { files[key, default: []].append(path) }
        }
        guard !order.isEmpty else { return ["No file is edited."] }
        return order.map { owner in
            let paths = (files[owner] ?? []).map { MarkdownText.code($0) }.joined(separator: ", ")
            switch owner.source {
            case .codeowners:
                let handles = owner.name.split(separator: " ").map { MarkdownText.escape(String($0)) }.joined(separator: " ")
                return "- \(handles): \(paths) (CODEOWNERS, \(MarkdownText.code(owner.codeownersRule ?? "")))"
            case .team:
                let contact = change.contact.flatMap { $0.isEmpty ? nil : $0 }
                    .map { ", contact \(MarkdownText.escape($0))" } ?? ""
                return "- \(MarkdownText.escape(owner.name)): \(paths) (team in repos.txt\(contact))"
            case .none:
                return "- Nobody is named for \(paths): no CODEOWNERS rule covers it and repos.txt gives the repository no team."
            }
        }
    }

    /// `path:line`, linked to the line at the scanned commit where the host is known.
    static func place(_ location: ProposedChange.Location, in change: ProposedChange) -> String {
        let text = "\(location.path):\(location.line)"
        guard let url = SourceLink.url(repositoryURL: change.repositoryURL, commit: change.baseCommit,
                                       path: location.path, line: location.line) else { return MarkdownText.code(text) }
        return MarkdownText.link(text, url: url)
    }

    static func count(_ number: Int, _ one: String, _ many: String) -> String {
        "\(number) \(number == 1 ? one : many)"
    }
}
