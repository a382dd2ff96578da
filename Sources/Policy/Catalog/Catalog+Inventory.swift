import Foundation
import Inventory

extension Catalog {
    /// The catalog as stored by the inventory; a failed refresh after these facts marks them stale.
    public init(record: CatalogRecord) {
        let tags = record.tags.map { tag in
            CatalogTag(tag: tag.tag, firstSeen: tag.firstSeen, removedAt: tag.removedAt, created: tag.created,
                       digest: tag.digest,
                       platform: tag.os == nil && tag.osVersion == nil && tag.architecture == nil && tag.dockerfile == nil
                           ? nil
                           : TagPlatform(os: tag.os, osVersion: tag.osVersion, architecture: tag.architecture,
                                         dockerfile: tag.dockerfile),
                       lifecycle: ImageLifecycle(record: tag))
        }
        var staleReason: String?
        if let error = record.lastSyncError, let attempted = record.lastSyncAttemptedAt {
            staleReason = "refresh on \(CalendarDay.format(attempted)) failed: \(error)"
        }
        self.init(repository: record.repository, origin: Origin(rawValue: record.origin) ?? .registry,
                  source: record.source, fetchedAt: record.fetchedAt, tags: tags, staleReason: staleReason,
                  warnings: record.warnings, warningsSince: record.warningsSince)
    }

    /// The inventory's record of this catalog.
    public var record: CatalogRecord {
        CatalogRecord(repository: repository, origin: origin.rawValue, source: source, fetchedAt: fetchedAt,
                      warnings: warnings, tags: tags.map { tag in
                          CatalogTagRecord(tag: tag.tag, firstSeen: tag.firstSeen, removedAt: tag.removedAt,
                                           created: tag.created, digest: tag.digest, os: tag.platform?.os,
                                           osVersion: tag.platform?.osVersion, architecture: tag.platform?.architecture,
                                           dockerfile: tag.platform?.dockerfile,
                                           endOfLife: tag.lifecycle?.endOfLife,
                                           endOfLifeReferrer: tag.lifecycle?.referrer,
                                           endOfLifeAnnotation: tag.lifecycle?.annotation,
                                           lifecycleLookup: tag.lifecycle?.lookup.rawValue,
                                           lifecycleCheckedAt: tag.lifecycle?.checkedAt)
                      }, warningsSince: warningsSince)
    }
}

extension ImageLifecycle {
    /// The lifecycle columns of a stored tag; `nil` when the registry's referrers were never read for it.
    init?(record: CatalogTagRecord) {
        guard let checkedAt = record.lifecycleCheckedAt,
              let lookup = record.lifecycleLookup.flatMap(ReferrersLookup.init(rawValue:)) else { return nil }
        self.init(endOfLife: record.endOfLife, referrer: record.endOfLifeReferrer, annotation: record.endOfLifeAnnotation,
                  lookup: lookup, checkedAt: checkedAt)
    }
}
