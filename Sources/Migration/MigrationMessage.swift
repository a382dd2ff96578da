/// The commit message of a branch's change: a subject, then every usage changed (file:line, from → to,
/// and where the text is written) and every selected usage left alone with why.
enum MigrationMessage {
    static func make(request: MigrationRequest, changes: [SiteChange], leftAlone: [LeftAlone]) -> String {
        var text = request.message ?? defaultSubject(request)
        text += "\n\nChanged (file:line, from → to):\n"
        let moved = changes.flatMap { change in change.usages.map { (usage: $0, change: change) } }
            .sorted { ($0.usage, $0.change.site) < ($1.usage, $1.change.site) }
        let lines = moved.map { item in
            let written = item.usage.location == item.change.site.location ? "" : " (written at \(item.change.site.location))"
            return "- \(item.usage.location) \(item.change.from) → \(item.change.to)\(written)"
        }
        text += lines.isEmpty ? "- nothing\n" : lines.joined(separator: "\n") + "\n"
        if !leftAlone.isEmpty {
            text += "\nLeft alone:\n"
            text += leftAlone.map { "- \($0.location) \($0.image): \($0.reason)" }.joined(separator: "\n") + "\n"
        }
        text += "\nEach image is changed where its text is written; census re-scanned this commit to check that "
            + "every changed usage resolves to its new image and that no other usage of the branch changed.\n"
        return text
    }

    static func defaultSubject(_ request: MigrationRequest) -> String {
        MigrationRequest.subject(for: request.selection)
    }
}

extension MigrationRequest {
    /// The generated commit subject for a selection.
    public static func subject(for selection: MigrationSelection) -> String {
        switch selection {
        case .image(let from, let to): "Move \(from.text) to \(to)"
        case .suggested: "Move images to their suggested replacements"
        }
    }
}
