import Extraction

/// Counts in words, shared by every report so they read alike.
enum Wording {
    /// `3 errors, 12 warnings` from per-severity counts, most severe first.
    static func severities(_ counts: [String: Int]) -> String {
        SeverityOrder.all.compactMap { severity in
            guard let count = counts[severity], count > 0 else { return nil }
            return "\(ChartNumber.grouped(count)) \(count.noun(severity))"
        }.joined(separator: ", ")
    }

    /// `1 finding`, `1,204 findings`, with an irregular plural when given.
    static func plural(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(ChartNumber.grouped(value)) \(value.noun(singular, plural: plural))"
    }
}
