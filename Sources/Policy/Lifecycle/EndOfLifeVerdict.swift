import Foundation

/// Which source decides an image's end of life, and what it says (`census explain`, docs/eol.md).
///
/// The registry's lifecycle annotation is about the exact content a tag points to, so when the registry
/// gives a date it decides; otherwise the OS end-of-life table decides for an image whose OS release is
/// recognizable; otherwise the end of life is unknown.
public struct EndOfLifeVerdict: Codable, Sendable, Hashable {
    /// Where a decision came from.
    public enum Source: String, Codable, Sendable {
        /// The registry's lifecycle referrer of the tag's digest (rule `eol-image`).
        case registryAnnotation = "registry-lifecycle-annotation"
        /// census's table of OS release dates (rule `eol-os`).
        case operatingSystemTable = "os-end-of-life-table"
    }

    /// The deciding source; `nil` when no source knows.
    public var source: Source?
    /// The end of life as `yyyy-MM-dd` (or the annotation's timestamp); `nil` when unknown.
    public var date: String?
    /// Whether that date has passed.
    public var ended: Bool
    /// The decision in one sentence, naming the source, and what the other source says.
    public var reason: String

    /// A verdict.
    public init(source: Source?, date: String?, ended: Bool, reason: String) {
        self.source = source
        self.date = date
        self.ended = ended
        self.reason = reason
    }
}
