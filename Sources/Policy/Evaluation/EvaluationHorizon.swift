import Foundation

/// Until when an evaluation's findings hold while nothing but the time changes: the earliest instant
/// after its "now" at which any judgement could differ.
///
/// Two kinds of instants make a judgement depend on the time. End-of-life days, which many rules and the
/// replacement search compare with "now" (`eol-os`, `eol-image`, `eol-soon`'s choice of the next end of
/// life, the newest supported release a suggestion names): every day of the OS release table and every
/// lifecycle end of a catalog's tags is watched, whichever usage it concerns. And what one rule does with
/// one usage's dates (an age that grows by a day, a warning window entered): each rule names those
/// itself (`PolicyRule.changesAfter`).
public struct EvaluationHorizon: Sendable, Equatable {
    /// The evaluation's "now".
    public let now: Date
    /// The earliest instant after `now` at which a judgement could change; `nil` while none can.
    public private(set) var validUntil: Date?

    /// A horizon for an evaluation as of `now` with `catalogs`, watching every end-of-life day.
    public init(now: Date, catalogs: CatalogSnapshot) {
        self.now = now
        self.validUntil = nil
        for release in EndOfLifeTable.releases {
            include(release.endOfLifeDate)
        }
        for catalog in catalogs.catalogs.values {
            // `eol-image` and the replacement search compare the instant; `eol-soon`, which counts whole
            // days to it, names its own days (it warns no later than that day's 00:00 UTC).
            for tag in catalog.tags {
                include(tag.lifecycle?.endOfLife)
            }
        }
    }

    /// Takes `instant` into account when it comes after `now` (one at or before `now` changes nothing
    /// still to come).
    public mutating func include(_ instant: Date?) {
        guard let instant, instant > now else { return }
        validUntil = validUntil.map { min($0, instant) } ?? instant
    }
}
