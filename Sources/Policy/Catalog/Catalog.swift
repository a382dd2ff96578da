import Extraction
import Foundation

/// Everything known about one tag of a standard repository.
public struct CatalogTag: Codable, Sendable, Hashable {
    /// The tag.
    public var tag: String
    /// When the tag first appeared (the manifest commit that defined it, or the first sync that listed it).
    public var firstSeen: Date?
    /// When the tag left the standard set; `nil` while it is current.
    public var removedAt: Date?
    /// When the image content was built (a registry's config `created`, MCR's `lastModifiedDate`).
    public var created: Date?
    /// The manifest digest the tag pointed to when last fetched.
    public var digest: String?
    /// What the ImageBuilder manifest says the tag is built for, when it comes from one.
    public var platform: TagPlatform?
    /// What the registry's lifecycle referrers say about `digest`'s end of life; `nil` when they were
    /// not read (a manifest catalog, a tag beyond the per-sync limit).
    public var lifecycle: ImageLifecycle?

    /// A tag record.
    public init(tag: String, firstSeen: Date? = nil, removedAt: Date? = nil, created: Date? = nil,
                digest: String? = nil, platform: TagPlatform? = nil, lifecycle: ImageLifecycle? = nil) {
        self.tag = tag
        self.firstSeen = firstSeen
        self.removedAt = removedAt
        self.created = created
        self.digest = digest
        self.platform = platform
        self.lifecycle = lifecycle
    }

    /// Whether the tag is part of the current standard set.
    public var isCurrent: Bool { removedAt == nil }
}

/// The platform an ImageBuilder manifest builds a tag for.
public struct TagPlatform: Codable, Sendable, Hashable {
    /// `linux` or `windows`.
    public var os: String?
    /// ImageBuilder's OS version (`jammy`, `alpine3.13`, `azurelinux3.0`).
    public var osVersion: String?
    /// `amd64`, `arm64`, `arm`; `nil` for a shared (multi-architecture) tag.
    public var architecture: String?
    /// The Dockerfile (folder) the tag is built from.
    public var dockerfile: String?

    /// A platform record.
    public init(os: String? = nil, osVersion: String? = nil, architecture: String? = nil, dockerfile: String? = nil) {
        self.os = os
        self.osVersion = osVersion
        self.architecture = architecture
        self.dockerfile = dockerfile
    }
}

/// The tags of one standard repository with their lifecycle, as of one fetch.
public struct Catalog: Codable, Sendable, Hashable {
    /// Where the catalog's facts came from.
    public enum Origin: String, Codable, Sendable {
        /// An ImageBuilder manifest's git history: a current tag is floating and rebuilt, so current.
        case manifest
        /// A registry API: dates are the content's build dates.
        case registry
    }

    /// The normalized `registry/repository`.
    public var repository: String
    /// What kind of source produced it.
    public var origin: Origin
    /// The source in words (`git https://… main:manifest.json`, `registry https://…`).
    public var source: String
    /// When the facts were fetched.
    public var fetchedAt: Date
    /// Every tag ever seen, sorted by name.
    public var tags: [CatalogTag]
    /// Set when the latest refresh failed and these are the last good facts: the failure, for reports.
    public var staleReason: String?
    /// Problems met while reading the source that did not stop it (a commit with broken JSON…).
    public var warnings: [String]
    /// When `warnings` last changed (a crawl repeats them only then); `nil` when not known.
    public var warningsSince: Date?

    /// A catalog.
    public init(repository: String, origin: Origin, source: String, fetchedAt: Date, tags: [CatalogTag],
                staleReason: String? = nil, warnings: [String] = [], warningsSince: Date? = nil) {
        self.repository = repository
        self.origin = origin
        self.source = source
        self.fetchedAt = fetchedAt
        self.tags = tags.sorted { $0.tag < $1.tag }
        self.staleReason = staleReason
        self.warnings = warnings
        self.warningsSince = warningsSince
    }

    /// Whether the facts are the last good ones of a source that could not be refreshed.
    public var isStale: Bool { staleReason != nil }

    /// The record of `tag`, if the catalog ever saw it.
    public func tag(_ name: String) -> CatalogTag? {
        index[name]
    }

    /// The tags of the current standard set.
    public var currentTags: [CatalogTag] { tags.filter(\.isCurrent) }

    /// The record of the exact content `image` pulls, when the registry's lifecycle referrers were read
    /// for it: the tag's record, or for a digest reference the tag pointing to that digest. A timestamped
    /// tag the catalog does not list has none (its floating base is other content).
    public func lifecycleRecord(for image: ImageReference) -> (tag: CatalogTag, lifecycle: ImageLifecycle)? {
        guard origin == .registry else { return nil }
        let record: CatalogTag?
        if let digest = image.digest {
            record = tags.first { $0.digest == digest && $0.lifecycle != nil }
        } else {
            record = image.tag.flatMap(tag)
        }
        guard let record, let lifecycle = record.lifecycle else { return nil }
        return (record, lifecycle)
    }

    private var index: [String: CatalogTag] {
        Dictionary(tags.map { ($0.tag, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// This fresh fetch, continued from the `previous` one: first-seen dates carry over, and tags the
    /// previous fetch listed but this one does not are kept as removed at this fetch's time.
    /// Used for registry catalogs, whose API only knows the present.
    public func continuing(from previous: Catalog?) -> Catalog {
        guard let previous else { return self }
        var merged: [String: CatalogTag] = [:]
        for var tag in tags {
            if let earlier = previous.tag(tag.tag), let firstSeen = earlier.firstSeen {
                tag.firstSeen = min(firstSeen, tag.firstSeen ?? firstSeen)
            }
            merged[tag.tag] = tag
        }
        for var old in previous.tags where merged[old.tag] == nil {
            if old.removedAt == nil { old.removedAt = fetchedAt }
            merged[old.tag] = old
        }
        var result = self
        result.tags = merged.values.sorted { $0.tag < $1.tag }
        return result
    }
}

/// The catalogs available to an evaluation, by repository.
public struct CatalogSnapshot: Sendable, Hashable {
    /// Catalogs by normalized `registry/repository`.
    public var catalogs: [String: Catalog] {
        didSet { suggestions = SuggestionMemo() }
    }
    /// Replacement suggestions worked out against these catalogs (not part of the snapshot's identity).
    public private(set) var suggestions = SuggestionMemo()

    /// A snapshot of `catalogs`.
    public init(_ catalogs: [Catalog] = []) {
        self.catalogs = Dictionary(catalogs.map { ($0.repository, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Snapshots holding the same catalogs are equal, whatever their memos hold.
    public static func == (lhs: CatalogSnapshot, rhs: CatalogSnapshot) -> Bool {
        lhs.catalogs == rhs.catalogs
    }

    /// Hashes the catalogs.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(catalogs)
    }

    /// The catalog of `repository` (`registry/repository`), if one was loaded.
    public func catalog(for repository: String) -> Catalog? {
        catalogs[repository]
    }

    /// No catalogs at all.
    public static let empty = CatalogSnapshot()
}
