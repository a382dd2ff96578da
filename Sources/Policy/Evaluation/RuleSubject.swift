import Extraction
import Foundation

/// One usage and every fact the rules judge it by, computed once per evaluation.
public struct RuleSubject: Sendable {
    /// The usage as extracted.
    public let reference: Reference
    /// Its parsed image; invalid when the reference is unresolved or invalid.
    public let image: ImageReference
    /// The policy judging it.
    public let policy: PolicyDocument
    /// The time of evaluation.
    public let now: Date
    /// The catalog of the image's repository, if the policy configures one and it was loaded.
    public let catalog: Catalog?
    /// The catalog's record of the tag, or of its base for a timestamped per-build tag.
    public let catalogTag: CatalogTag?
    /// Whether `catalogTag` is the record of the timestamped tag's base rather than of the tag itself.
    public let catalogTagIsBase: Bool
    /// The build timestamp inside the tag, if any.
    public let timestamp: TagTimestamp?
    /// The OS release the image is built on, if recognizable.
    public let operatingSystem: DetectedOperatingSystem?
    /// The age of the content the usage pulls.
    public let age: TagAge
    /// Every end-of-life date known for the image, from each source census reads (the OS release table,
    /// and the registry's lifecycle annotation of the content pulled); the `eol-soon` warning takes the
    /// earliest still to come.
    public var endOfLifeDates: [EndOfLifeDate] {
        let os = operatingSystem.flatMap(EndOfLifeDate.forOperatingSystem).map { [$0] } ?? []
        let image = registryLifecycle.flatMap { record, lifecycle in
            EndOfLifeDate.forImageLifecycle(lifecycle, content: record.digest ?? record.tag)
        }
        return os + (image.map { [$0] } ?? [])
    }
    /// The closest current standard image, if one can be known (see `ReplacementAdvisor`); computed when
    /// a rule asks, since only violations need it.
    public var replacement: Suggestion? {
        guard image.isValid else { return nil }
        guard let normalized = image.normalized else {
            return ReplacementAdvisor.suggest(for: image, policy: policy, catalog: catalog, now: now)
        }
        let key = SuggestionMemo.Key(image: normalized, policyHash: policyHash, now: now)
        return suggestions.suggestion(for: key) {
            ReplacementAdvisor.suggest(for: image, policy: policy, catalog: catalog, now: now)
        }
    }
    /// The snapshot's memo of suggestions, and the policy's hash that keys it.
    private let suggestions: SuggestionMemo
    private let policyHash: String

    /// Gathers the facts about `reference`.
    public init(reference: Reference, policy: PolicyDocument, catalogs: CatalogSnapshot, now: Date) {
        self.reference = reference
        self.policy = policy
        self.now = now
        self.suggestions = catalogs.suggestions
        self.policyHash = policy.hash
        let image = reference.resolved ? ImageReference.parse(reference.image ?? reference.raw) : ImageReference.parse("")
        self.image = image
        let catalog = image.nameWithoutTag.flatMap(catalogs.catalog(for:))
        self.catalog = catalog
        let tag = image.digest == nil ? image.tag : nil
        let timestamp = tag.flatMap(TagTimestamp.parse)
        self.timestamp = timestamp
        var catalogTag = tag.flatMap { catalog?.tag($0) }
        var isBase = false
        if catalogTag == nil, let timestamp, let base = catalog?.tag(timestamp.base) {
            catalogTag = base
            isBase = true
        }
        self.catalogTag = catalogTag
        self.catalogTagIsBase = isBase
        self.operatingSystem = image.isValid ? OperatingSystemDetector.detect(in: image) : nil
        self.age = Self.age(timestamp: timestamp, catalog: catalog, catalogTag: isBase ? nil : catalogTag)
    }

    /// `registry/repository:tag` as people write it (`mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7`).
    public var shownImage: String {
        image.isValid ? (image.familiarName.map { name in
            var text = name
            if let tag = image.tag { text += ":\(tag)" }
            if let digest = image.digest { text += "@\(digest)" }
            return text
        } ?? image.raw) : (reference.image ?? reference.raw)
    }

    /// Whether other rules can judge the usage at all.
    public var isJudgeable: Bool { reference.resolved && image.isValid }

    /// A sentence noting that the catalog is the last good data of a failed refresh, or empty.
    public var staleNote: String {
        guard let catalog, let reason = catalog.staleReason else { return "" }
        return " The catalog could not be refreshed (\(reason)); its facts are from \(CalendarDay.format(catalog.fetchedAt))."
    }

    static func age(timestamp: TagTimestamp?, catalog: Catalog?, catalogTag: CatalogTag?) -> TagAge {
        if let timestamp { return .timestamped(timestamp) }
        guard let catalog else { return .unknown(reason: "no catalog covers this repository and the tag carries no timestamp") }
        guard let catalogTag else { return .unknown(reason: "the catalog of \(catalog.repository) does not know this tag") }
        switch catalog.origin {
        case .manifest:
            if let removed = catalogTag.removedAt { return .removed(on: removed) }
            return .floatingCurrent(since: catalogTag.firstSeen)
        case .registry:
            if let created = catalogTag.created { return .created(on: created) }
            if let removed = catalogTag.removedAt { return .removed(on: removed) }
            return .unknown(reason: "the registry did not say when this tag was built")
        }
    }
}
