/// The commit message of a branch's change: a subject, then every usage changed (file:line, from → to,
/// and where the text is written) and every selected usage left alone with why.
enum MigrationMessage {
    static func make(request: MigrationRequest, changes: [SiteChange], leftAlone: [LeftAlone]) -> String {
        var text = request.message ?? defaultSubject(request)
        text += "\n\nChanged (file:line, from → to):\n"
        let moved = changes.flatMap { change in change.usages.map { (item: $0, change: change) } }
            .sorted { ($0.item.usage, $0.change.site) < ($1.item.usage, $1.change.site) }
        let lines = moved.map { entry in
            "- \(entry.item.usage.location) \(entry.item.usage.image) → \(entry.item.target)" + writtenAt(entry.change, for: entry.item)
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

    /// Where the change is written, when not at the usage's own line, and the text rewritten there when
    /// it is only a part of the image.
    static func writtenAt(_ change: SiteChange, for item: MovedUsage) -> String {
        let part = change.to == item.target ? "" : ": \(change.from) → \(change.to)"
        if item.usage.location == change.site.location { return part.isEmpty ? "" : " (written there\(part))" }
        return " (written at \(change.site.location)\(part))"
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
