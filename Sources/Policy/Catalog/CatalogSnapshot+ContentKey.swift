import Foundation

extension CatalogSnapshot {
    /// A key of the catalog data an evaluation judges with: equal keys mean equal judgements.
    ///
    /// It covers every tag and its facts, each catalog's origin and source, and for a stale catalog why
    /// and since when (its explanations say so); not when the facts were last confirmed, nor the catalog's
    /// warnings, which no rule reads. So a manifest tip that did not move, or a registry refreshed with
    /// the same answers, keeps the key.
    public var contentKey: String {
        let judged = catalogs.keys.sorted().compactMap { catalogs[$0] }.map { catalog -> Catalog in
            var facts = catalog
            if !catalog.isStale { facts.fetchedAt = Date(timeIntervalSinceReferenceDate: 0) }
            facts.warnings = []
            facts.warningsSince = nil
            return facts
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // Whole milliseconds, as the inventory stores dates: a catalog fetched in this process and the
        // same one read back from the inventory get the same key.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
        }
        guard let data = try? encoder.encode(judged) else {
            // Nothing in a catalog fails to encode; a key that never matches only costs a judgement.
            return "unencodable \(UUID().uuidString)"
        }
        var hash = StableHash()
        hash.combine(data)
        return "\(judged.count) catalogs, \(judged.reduce(0) { $0 + $1.tags.count }) tags, \(hash.hex)"
    }
}
