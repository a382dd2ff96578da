import Foundation

/// How old the image content a usage pulls is, and how that was learned (see docs/policy.md,
/// "What outdated means").
public enum TagAge: Sendable, Hashable {
    /// A tag still defined by its manifest: floating, rebuilt with OS patches, so current.
    case floatingCurrent(since: Date?)
    /// A tag removed from the manifest: not rebuilt since its removal.
    case removed(on: Date)
    /// A legacy immutable tag: built at the timestamp inside it.
    case timestamped(TagTimestamp)
    /// A registry catalog's tag: built at the config's `created` (or MCR's last-modified) date.
    case created(on: Date)
    /// Nothing says how old it is.
    case unknown(reason: String)

    /// The instant the content's age counts from; `nil` for current floating tags and unknown ages.
    public var contentDate: Date? {
        switch self {
        case .floatingCurrent, .unknown: return nil
        case .removed(let date), .created(let date): return date
        case .timestamped(let stamp): return stamp.date
        }
    }

    /// Where the date comes from, for messages ("removed from the standard set on 2026-04-16").
    public var basis: String {
        switch self {
        case .floatingCurrent: return "a current floating tag of the standard set, rebuilt with OS patches"
        case .removed(let date): return "removed from the standard set on \(CalendarDay.format(date)) and not rebuilt since"
        case .timestamped(let stamp): return "built on \(CalendarDay.format(stamp.date)) according to the timestamp in its tag"
        case .created(let date): return "built on \(CalendarDay.format(date)) according to the registry"
        case .unknown(let reason): return reason
        }
    }
}
