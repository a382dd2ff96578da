import Foundation
import Policy

/// Prints a catalog (`census catalog show`) for people or programs.
public enum CatalogListing {
    /// The catalog as JSON: repository, origin, source, fetched date, staleness, warnings and tags.
    public static func json(_ catalog: Catalog) throws -> String {
        try JSONOutput.string(catalog)
    }

    /// A header with the source and freshness, then one row per tag, current tags first.
    public static func table(_ catalog: Catalog) -> String {
        func day(_ date: Date?) -> String { date.map(CalendarDay.format) ?? "" }
        var text = "\(catalog.repository)\n  source   \(catalog.source)\n  fetched  \(day(catalog.fetchedAt))"
        if let stale = catalog.staleReason { text += "  (stale: \(stale))" }
        text += "\n  tags     \(catalog.currentTags.count) current, \(catalog.tags.count - catalog.currentTags.count) removed\n"
        if !catalog.warnings.isEmpty, let since = catalog.warningsSince {
            text += "  warnings \(catalog.warnings.count), unchanged since \(day(since))\n"
        }
        for warning in catalog.warnings { text += "  warning  \(warning)\n" }
        let ordered = catalog.tags.filter(\.isCurrent) + catalog.tags.filter { !$0.isCurrent }
        // Only a registry catalog whose lifecycle referrers were read has an end-of-life column.
        let lifecycles = catalog.tags.contains { $0.lifecycle != nil }
        let rows = ordered.map { tag in
            [tag.tag, tag.isCurrent ? "current" : "removed", day(tag.firstSeen), day(tag.removedAt), day(tag.created),
             tag.platform.map { [$0.osVersion, $0.architecture].compactMap { $0 }.joined(separator: " ") } ?? "",
             tag.digest.map { String($0.prefix(19)) } ?? ""]
                + (lifecycles ? [tag.lifecycle.map { $0.endOfLife.map(CalendarDay.format) ?? "unknown" } ?? ""] : [])
        }
        return text + "\n" + TextTable(headers: ["TAG", "STATUS", "FIRST SEEN", "REMOVED", "BUILT", "PLATFORM", "DIGEST"]
                                           + (lifecycles ? ["END OF LIFE"] : []),
                                       rows: rows).render()
    }
}
