import Extraction
import Foundation

/// A day on which something an image is built on stops getting security fixes, and where that day comes from.
///
/// Any source of end-of-life dates produces these (today census's table of OS release dates; a registry's
/// own lifecycle annotation can feed the same list), so the `eol-soon` warning and the governance report's
/// "ending soon" section work the same whichever source decided.
public struct EndOfLifeDate: Sendable, Hashable {
    /// The day support ends, `yyyy-MM-dd` (UTC); the day itself counts as ended.
    public var day: String
    /// What ends, in words (`Ubuntu 22.04 (jammy)`).
    public var subject: String
    /// Which source gave the date and what it was recognized from, as a sentence fragment.
    public var source: String
    /// Whether the date is the image's own, from its registry's lifecycle annotation (rule `eol-image`),
    /// rather than that of the OS release it is built on (rule `eol-os`).
    public var isImageLifecycle: Bool

    /// An end-of-life date.
    public init(day: String, subject: String, source: String, isImageLifecycle: Bool = false) {
        self.day = day
        self.subject = subject
        self.source = source
        self.isImageLifecycle = isImageLifecycle
    }

    /// The day as an instant (00:00 UTC); `nil` when `day` is not a `yyyy-MM-dd` day.
    public var date: Date? { CalendarDay.parse(day) }

    /// Whole calendar days (UTC) from the day of `now` to the end of life: 1 the day before, 0 on the day
    /// itself, negative after; `nil` when `day` is not a day.
    public func daysLeft(at now: Date) -> Int? {
        guard let date, let today = CalendarDay.parse(CalendarDay.format(now)) else { return nil }
        return CalendarDay.days(from: today, to: date)
    }

    /// "in 85 days", "tomorrow", "today", "85 days ago", relative to `now`.
    public func distance(at now: Date) -> String {
        guard let days = daysLeft(at: now) else { return "on an unknown day" }
        switch days {
        case 0: return "today"
        case 1: return "tomorrow"
        case -1: return "yesterday"
        case let days where days > 1: return "in \(days) days"
        default: return "\(-days) days ago"
        }
    }

    /// The end-of-life dates known for `image` from census's own sources, earliest first.
    ///
    /// Today that is the OS release recognized in the name or tag (`OperatingSystemDetector`) with its date
    /// from `EndOfLifeTable`; a release with no announced end of life gives no date.
    public static func known(for image: ImageReference) -> [EndOfLifeDate] {
        guard let detected = OperatingSystemDetector.detect(in: image) else { return [] }
        return forOperatingSystem(detected).map { [$0] } ?? []
    }

    /// The date of a recognized OS release, when its end of life is announced.
    public static func forOperatingSystem(_ detected: DetectedOperatingSystem) -> EndOfLifeDate? {
        guard let day = detected.release.endOfLife else { return nil }
        return EndOfLifeDate(day: day, subject: detected.release.displayName,
                             source: "\(detected.release.displayName) was recognized from the \(detected.evidence); "
                                 + "its end of life comes from census's table of OS release dates (docs/eol.md)")
    }

    /// The end-of-life dates known for `image` from census's own sources and from the registry catalogs in
    /// `catalogs` (the lifecycle annotation of the content it pulls), earliest first.
    public static func known(for image: ImageReference, catalogs: CatalogSnapshot) -> [EndOfLifeDate] {
        let registry = image.nameWithoutTag.flatMap(catalogs.catalog(for:))?.lifecycleRecord(for: image).flatMap { record, lifecycle in
            forImageLifecycle(lifecycle, content: record.digest ?? record.tag)
        }
        return (known(for: image) + (registry.map { [$0] } ?? [])).sorted { ($0.day, $0.subject) < ($1.day, $1.subject) }
    }

    /// The date a registry's lifecycle annotation gives the content `content` (a digest), when it gives one.
    public static func forImageLifecycle(_ lifecycle: ImageLifecycle, content: String) -> EndOfLifeDate? {
        guard let end = lifecycle.endOfLife else { return nil }
        return EndOfLifeDate(day: CalendarDay.format(end), subject: "the image itself (registry lifecycle annotation)",
                             source: "the registry's lifecycle referrer \(lifecycle.referrer ?? "?") of \(content) gives "
                                 + "\(ImageLifecycle.endOfLifeAnnotation) = \(lifecycle.annotation ?? CalendarDay.format(end)) "
                                 + "(read through \(lifecycle.lookup.description) on \(CalendarDay.format(lifecycle.checkedAt)); docs/eol.md)",
                             isImageLifecycle: true)
    }

    /// The earliest of `dates` that has not yet come at `now` (at least one day left), if any.
    public static func earliestUpcoming(_ dates: [EndOfLifeDate], at now: Date) -> EndOfLifeDate? {
        dates.filter { ($0.daysLeft(at: now) ?? 0) > 0 }.min { ($0.day, $0.subject) < ($1.day, $1.subject) }
    }
}
