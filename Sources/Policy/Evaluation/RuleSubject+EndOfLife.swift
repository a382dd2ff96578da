import Foundation

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
