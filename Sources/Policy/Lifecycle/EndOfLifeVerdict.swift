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

        /// The source in words.
        public var shownName: String {
            switch self {
            case .registryAnnotation: return "the registry's lifecycle annotation"
            case .operatingSystemTable: return "the OS end-of-life table"
            }
        }
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

extension RuleSubject {
    /// The catalog record and lifecycle of the exact content the usage pulls, when the registry's
    /// lifecycle referrers were read for it: the tag's record (not a timestamped tag's base, which is
    /// other content), or for a digest reference the tag pointing to that digest.
    public var registryLifecycle: (tag: CatalogTag, lifecycle: ImageLifecycle)? {
        guard isJudgeable else { return nil }
        return catalog?.lifecycleRecord(for: image)
    }

    /// Which source decides the usage's end of life, and what it says.
    public var endOfLife: EndOfLifeVerdict {
        let osRelease = operatingSystem?.release
        let osSentence: String? = osRelease.map { release in
            "the OS end-of-life table gives \(release.displayName) " + (release.endOfLife.map { "until \($0)" } ?? "no end of life")
        }
        if let (record, lifecycle) = registryLifecycle, let end = lifecycle.endOfLife {
            let ended = end <= now
            var reason = "the registry's lifecycle annotation (referrer \(lifecycle.referrer ?? "?") of \(record.digest ?? record.tag), read through \(lifecycle.lookup.description)) "
            reason += ended ? "says it reached end of life on \(lifecycle.shownEndOfLife)" : "sets its end of life on \(lifecycle.shownEndOfLife)"
            reason += osSentence.map { "; \($0)" } ?? ""
            return EndOfLifeVerdict(source: .registryAnnotation, date: lifecycle.shownEndOfLife, ended: ended, reason: reason)
        }
        let registryNote = registryLifecycle.map { "the registry has no lifecycle annotation for \($0.tag.digest ?? $0.tag.tag)" }
        if let release = osRelease, let end = release.endOfLife {
            let ended = release.isEndOfLife(at: now)
            var reason = "the OS end-of-life table: \(release.displayName) " + (ended ? "reached end of life on \(end)" : "is supported until \(end)")
            reason += registryNote.map { "; \($0)" } ?? ""
            return EndOfLifeVerdict(source: .operatingSystemTable, date: end, ended: ended, reason: reason)
        }
        let known = [registryNote, osSentence].compactMap { $0 }
        return EndOfLifeVerdict(source: nil, date: nil, ended: false,
                                reason: "unknown" + (known.isEmpty ? ": no lifecycle annotation was read and no OS release is recognizable"
                                                                    : ": " + known.joined(separator: "; ")))
    }
}
