import Foundation

/// A stored catalog of one standard repository (the `catalog` and `catalog_tag` tables), with the
/// outcome of its latest refresh attempt.
public struct CatalogRecord: Sendable, Hashable {
    /// Normalized `registry/repository`.
    public var repository: String
    /// `manifest` or `registry`.
    public var origin: String
    /// The source in words.
    public var source: String
    /// When the stored facts were fetched.
    public var fetchedAt: Date
    /// Problems met while reading the source.
    public var warnings: [String]
    /// Every tag ever seen.
    public var tags: [CatalogTagRecord]
    /// The error of the latest refresh when it failed after these facts were fetched; `nil` otherwise.
    public var lastSyncError: String?
    /// When that failed refresh was attempted.
    public var lastSyncAttemptedAt: Date?
    /// The commit a manifest catalog's stored history reaches; `nil` for registry catalogs.
    public var syncedCommit: String?
    /// What a manifest walk needs to continue from `syncedCommit` (JSON owned by the policy module).
    public var walkState: String?
    /// When `warnings` last changed; `nil` for catalogs stored before census kept it.
    public var warningsSince: Date?

    /// A catalog record.
    public init(repository: String, origin: String, source: String, fetchedAt: Date, warnings: [String] = [],
                tags: [CatalogTagRecord], lastSyncError: String? = nil, lastSyncAttemptedAt: Date? = nil,
                syncedCommit: String? = nil, walkState: String? = nil, warningsSince: Date? = nil) {
        self.repository = repository
        self.origin = origin
        self.source = source
        self.fetchedAt = fetchedAt
        self.warnings = warnings
        self.tags = tags
        self.lastSyncError = lastSyncError
        self.lastSyncAttemptedAt = lastSyncAttemptedAt
        self.syncedCommit = syncedCommit
        self.walkState = walkState
        self.warningsSince = warningsSince
    }
}

/// What one refresh of a catalog did (the `catalog_sync.kind` column).
public enum CatalogSyncKind: String, Sendable, Hashable {
    /// A manifest history walked from its root.
    case fullWalk = "full-walk"
    /// A manifest history extended from the last synced commit to the new tip.
    case extended
    /// The branch's tip had not moved: nothing walked.
    case tipUnchanged = "tip-unchanged"
    /// A registry asked for its tags.
    case fetched
    /// A registry catalog younger than its `refreshAfter`: nothing asked.
    case notDue = "not-due"
}

/// One row of `catalog_sync`: a refresh attempt.
public struct CatalogSyncAttempt: Sendable, Hashable {
    /// When it was attempted.
    public var attemptedAt: Date
    /// `ok` or `failed`.
    public var status: String
    /// What it did; `nil` for a failure or an attempt recorded before census kept it.
    public var kind: CatalogSyncKind?
    /// How many commits a manifest refresh walked.
    public var walkedCommits: Int?
    /// The run it belonged to.
    public var runID: Int64?
}

/// One row of `catalog_tag`.
public struct CatalogTagRecord: Sendable, Hashable {
    /// The tag.
    public var tag: String
    /// When it first appeared.
    public var firstSeen: Date?
    /// When it left the standard set; `nil` while current.
    public var removedAt: Date?
    /// When its content was built, per the registry.
    public var created: Date?
    /// The manifest digest last seen.
    public var digest: String?
    /// Platform facts from an ImageBuilder manifest.
    public var os: String?
    /// ImageBuilder's OS version.
    public var osVersion: String?
    /// `nil` for shared (multi-architecture) tags.
    public var architecture: String?
    /// The Dockerfile it is built from.
    public var dockerfile: String?
    /// The earliest end of life the registry's lifecycle referrers give for `digest`; `nil`: unknown.
    public var endOfLife: Date?
    /// The lifecycle referrer that gave it.
    public var endOfLifeReferrer: String?
    /// Its annotation as written.
    public var endOfLifeAnnotation: String?
    /// How the referrers were found: `referrers-api` or `referrers-tag`; `nil` when never read.
    public var lifecycleLookup: String?
    /// When the referrers were read; `nil` when never.
    public var lifecycleCheckedAt: Date?

    /// A tag row.
    public init(tag: String, firstSeen: Date? = nil, removedAt: Date? = nil, created: Date? = nil, digest: String? = nil,
                os: String? = nil, osVersion: String? = nil, architecture: String? = nil, dockerfile: String? = nil,
                endOfLife: Date? = nil, endOfLifeReferrer: String? = nil, endOfLifeAnnotation: String? = nil,
                lifecycleLookup: String? = nil, lifecycleCheckedAt: Date? = nil) {
        self.tag = tag
        self.firstSeen = firstSeen
        self.removedAt = removedAt
        self.created = created
        self.digest = digest
        self.os = os
        self.osVersion = osVersion
        self.architecture = architecture
        self.dockerfile = dockerfile
        self.endOfLife = endOfLife
        self.endOfLifeReferrer = endOfLifeReferrer
        self.endOfLifeAnnotation = endOfLifeAnnotation
        self.lifecycleLookup = lifecycleLookup
        self.lifecycleCheckedAt = lifecycleCheckedAt
    }
}

/// One policy finding to store for a reference in a run (the `finding` table).
public struct FindingRecord: Sendable, Hashable {
    /// The `reference.id` the finding is about.
    public var referenceID: Int64
    /// The rule id (docs/policy.md).
    public var rule: String
    /// `error`, `warning` or `note`.
    public var severity: String
    /// What is wrong, for the product team.
    public var message: String
    /// The image to move to, when known.
    public var suggestion: String?
    /// Why the rule fired.
    public var explanation: String

    /// A finding row.
    public init(referenceID: Int64, rule: String, severity: String, message: String, suggestion: String?,
                explanation: String) {
        self.referenceID = referenceID
        self.rule = rule
        self.severity = severity
        self.message = message
        self.suggestion = suggestion
        self.explanation = explanation
    }
}

/// A row of the `current_findings` view.
public struct StoredFinding: Sendable, Hashable, Codable {
    /// The `repository` column of `current_findings`.
    public var repository: String
    /// The `team` column of `current_findings`.
    public var team: String?
    /// The `contact` column of `current_findings`.
    public var contact: String?
    /// The `branch` column of `current_findings`.
    public var branch: String
    /// The `commitID` column of `current_findings`.
    public var commitID: String
    /// The `path` column of `current_findings`.
    public var path: String
    /// The `line` column of `current_findings`.
    public var line: Int
    /// The `kind` column of `current_findings`.
    public var kind: String
    /// The `raw` column of `current_findings`.
    public var raw: String
    /// The `image` column of `current_findings`.
    public var image: String?
    /// The `normalized` column of `current_findings`.
    public var normalized: String?
    /// The `rule` column of `current_findings`.
    public var rule: String
    /// The `severity` column of `current_findings`.
    public var severity: String
    /// The `message` column of `current_findings`.
    public var message: String
    /// The `suggestion` column of `current_findings`.
    public var suggestion: String?
    /// The `explanation` column of `current_findings`.
    public var explanation: String
    /// The `policyHash` column of `current_findings`.
    public var policyHash: String
    /// The `runID` column of `current_findings`.
    public var runID: Int64
    /// Whether the branch failed in its latest run and these references are from an earlier one.
    public var stale: Bool
    /// The `referenceID` column of `current_findings`.
    public var referenceID: Int64
}
