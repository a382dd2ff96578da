import Foundation

/// What a registry says about the end of life of one image digest, through lifecycle referrers: OCI
/// artifacts of type `application/vnd.microsoft.artifact.lifecycle` whose annotation
/// `vnd.microsoft.artifact.lifecycle.end-of-life.date` holds the date (docs/eol.md).
public struct ImageLifecycle: Codable, Sendable, Hashable {
    /// The artifact type of a lifecycle referrer.
    public static let artifactType = "application/vnd.microsoft.artifact.lifecycle"
    /// The annotation holding the end-of-life date.
    public static let endOfLifeAnnotation = "vnd.microsoft.artifact.lifecycle.end-of-life.date"

    /// The earliest end of life any lifecycle referrer gives; `nil` when none gives one: unknown, not
    /// "supported".
    public var endOfLife: Date?
    /// The referrer whose annotation gave `endOfLife`.
    public var referrer: String?
    /// That annotation as written (`2025-06-01`, `2024-05-14T10:20:30.1234567Z`).
    public var annotation: String?
    /// How the referrers were found.
    public var lookup: ReferrersLookup
    /// When the registry was asked.
    public var checkedAt: Date

    /// A lifecycle record.
    public init(endOfLife: Date?, referrer: String? = nil, annotation: String? = nil, lookup: ReferrersLookup, checkedAt: Date) {
        self.endOfLife = endOfLife
        self.referrer = referrer
        self.annotation = annotation
        self.lookup = lookup
        self.checkedAt = checkedAt
    }

    /// The end-of-life instant an annotation value names: a day (`2025-06-01`, its start in UTC, so the
    /// day itself counts as ended, as in the OS table) or, in older artifacts, an ISO 8601 timestamp
    /// (`2024-05-14T10:20:30Z`, with a fraction or an offset; without a zone it is read as UTC).
    public static func parseEndOfLife(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let day = CalendarDay.parse(trimmed) { return day }
        if let instant = RFC3339.parse(trimmed) { return instant }
        let zoneless = trimmed.count >= 19 && !trimmed.hasSuffix("Z") && !trimmed.hasSuffix("z")
        return zoneless ? RFC3339.parse(trimmed + "Z") : nil
    }

    /// The lifecycle given by `referrers` (already fetched with their annotations): the earliest date of
    /// any lifecycle referrer, ties going to the smaller digest so the choice is stable. Values that are
    /// not dates are returned as `unreadable` (referrer digest, value), for warnings.
    public static func earliest(of referrers: [Referrer], lookup: ReferrersLookup,
                                checkedAt: Date) -> (lifecycle: ImageLifecycle, unreadable: [(String, String)]) {
        var best: (date: Date, referrer: Referrer, value: String)?
        var unreadable: [(String, String)] = []
        for referrer in referrers where referrer.artifactType == artifactType {
            guard let value = referrer.annotations[endOfLifeAnnotation] else { continue }
            guard let date = parseEndOfLife(value) else {
                unreadable.append((referrer.digest, value))
                continue
            }
            if let current = best, (current.date, current.referrer.digest) <= (date, referrer.digest) { continue }
            best = (date, referrer, value)
        }
        let lifecycle = ImageLifecycle(endOfLife: best?.date, referrer: best?.referrer.digest, annotation: best?.value,
                                       lookup: lookup, checkedAt: checkedAt)
        return (lifecycle, unreadable)
    }

    /// Whether the registry's end of life is at or before `now`.
    public func isEndOfLife(at now: Date) -> Bool {
        endOfLife.map { $0 <= now } ?? false
    }

    /// The end of life as people read it: the day, with the time when the annotation gave one.
    public var shownEndOfLife: String {
        guard let endOfLife else { return "unknown" }
        if let annotation, CalendarDay.parse(annotation.trimmingCharacters(in: .whitespaces)) == nil {
            return annotation.trimmingCharacters(in: .whitespaces)
        }
        return CalendarDay.format(endOfLife)
    }
}
