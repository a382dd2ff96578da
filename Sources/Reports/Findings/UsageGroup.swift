/// The findings of one usage (one file and line naming one image), so a report shows a usage once
/// with everything wrong with it.
struct UsageGroup<Item> {
    var path: String
    var line: Int
    var image: String
    var items: [Item]

    /// Groups consecutive items of the same usage, keeping their order (callers sort by location first).
    static func consecutive(_ items: [Item], path: (Item) -> String, line: (Item) -> Int,
                            image: (Item) -> String) -> [UsageGroup] {
        var groups: [UsageGroup] = []
        for item in items {
            if let last = groups.last, last.path == path(item), last.line == line(item), last.image == image(item) {
                groups[groups.count - 1].items.append(item)
            } else {
                groups.append(UsageGroup(path: path(item), line: line(item), image: image(item), items: [item]))
            }
        }
        return groups
    }
}

/// The distinct suggestions of a usage's findings, most severe finding's first.
func distinctSuggestions(_ pairs: [(severity: String, suggestion: String?)]) -> [String] {
    var seen: [String] = []
    for pair in pairs.sorted(by: { SeverityOrder.rank($0.severity) < SeverityOrder.rank($1.severity) }) {
        if let suggestion = pair.suggestion, !seen.contains(suggestion) { seen.append(suggestion) }
    }
    return seen
}
