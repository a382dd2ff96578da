import Foundation

/// What a clean-up plan decides for one tag of a catalog repository.
public enum CleanupVerdict: String, Codable, Sendable, CaseIterable {
    /// Older than the policy's limit or end of life, and unreferenced in the runs considered: delete it.
    case delete
    /// Would be deleted, but something still uses it: its usages are the outreach list for the removal.
    case blocked
    /// Stays: young enough, still built, of unknown age, or sharing its content with a tag that stays.
    case keep
}

/// One place in the fleet that names a tag (or its digest), with who owns it.
public struct CleanupUsage: Codable, Sendable, Hashable {
    /// The repository's display name.
    public var repository: String
    /// The branch.
    public var branch: String
    /// The commit the usage was read from.
    public var commitID: String
    /// The file holding the usage.
    public var path: String
    /// The line of the usage.
    public var line: Int
    /// The image as normalized (`registry/repository:tag`, `…@sha256:…`).
    public var image: String
    /// The tag the usage names, if any.
    public var tag: String?
    /// The digest the usage pins, if any.
    public var digest: String?
    /// The owner: CODEOWNERS owners of the file, else the repository's team, else `unowned`.
    public var owner: String
    /// Where the owner comes from: `codeowners`, `team` or `none`.
    public var ownerSource: String
    /// The file and line at the scanned commit, when the repository is on a known forge.
    public var link: String?
    /// The latest run among those considered in which the branch named it.
    public var lastSeenRunID: Int64
    /// Whether the branch names it as of the plan's run (false: only an earlier run of the window saw it).
    public var current: Bool

    /// A usage with every field given.
    public init(repository: String, branch: String, commitID: String, path: String, line: Int, image: String,
                tag: String?, digest: String?, owner: String, ownerSource: String, link: String?,
                lastSeenRunID: Int64, current: Bool) {
        self.repository = repository
        self.branch = branch
        self.commitID = commitID
        self.path = path
        self.line = line
        self.image = image
        self.tag = tag
        self.digest = digest
        self.owner = owner
        self.ownerSource = ownerSource
        self.link = link
        self.lastSeenRunID = lastSeenRunID
        self.current = current
    }

    /// `repository/branch/path:line`, the way messages name a usage.
    public var location: String { "\(repository)/\(branch)/\(path):\(line)" }
}

/// One tag of the plan: its age, end-of-life status, usages and verdict.
public struct CleanupTag: Codable, Sendable, Hashable {
    /// The tag.
    public var tag: String
    /// What to do with it.
    public var verdict: CleanupVerdict
    /// Why, in one sentence.
    public var reason: String
    /// Days since the content date (the outdated rule's age); `nil` when the age is not a date.
    public var ageDays: Int?
    /// How the age was learned (the outdated rule's wording).
    public var ageBasis: String
    /// The instant the age counts from, when known.
    public var contentDate: Date?
    /// The OS release the tag is built on and its end of life, when it is past it (`CentOS 7, ended 2024-06-30`).
    public var endOfLife: String?
    /// Whether the catalog lists it in the current standard set (a manifest still defines it).
    public var current: Bool
    /// The manifest digest the catalog recorded, when the source gives one.
    public var digest: String?
    /// The image's size as its manifest states (config and layers), when the registry said.
    public var bytes: Int64?
    /// Every usage within the runs considered.
    public var usages: [CleanupUsage]

    /// A plan row with every field given.
    public init(tag: String, verdict: CleanupVerdict, reason: String, ageDays: Int?, ageBasis: String,
                contentDate: Date?, endOfLife: String?, current: Bool, digest: String?, bytes: Int64? = nil,
                usages: [CleanupUsage]) {
        self.tag = tag
        self.verdict = verdict
        self.reason = reason
        self.ageDays = ageDays
        self.ageBasis = ageBasis
        self.contentDate = contentDate
        self.endOfLife = endOfLife
        self.current = current
        self.digest = digest
        self.bytes = bytes
        self.usages = usages
    }
}

/// Counts of a plan, per verdict, with bytes where the registry stated sizes.
public struct CleanupTotals: Codable, Sendable, Hashable {
    /// Every tag of the plan.
    public var tags: Int
    /// Tags to delete.
    public var delete: Int
    /// Tags that would be deleted but are used.
    public var blocked: Int
    /// Tags that stay.
    public var keep: Int
    /// Usages holding the blocked tags.
    public var blockingUsages: Int
    /// Bytes of the delete tags (sum of their manifests' stated sizes; shared layers counted once per tag);
    /// `nil` when no size is known.
    public var deleteBytes: Int64?
    /// Bytes of the blocked tags, likewise.
    public var blockedBytes: Int64?
    /// Delete and blocked tags whose size is unknown.
    public var tagsWithoutSize: Int

    /// The totals of `tags`.
    public init(_ tags: [CleanupTag]) {
        self.tags = tags.count
        delete = tags.filter { $0.verdict == .delete }.count
        blocked = tags.filter { $0.verdict == .blocked }.count
        keep = tags.filter { $0.verdict == .keep }.count
        blockingUsages = tags.filter { $0.verdict == .blocked }.reduce(0) { $0 + $1.usages.count }
        func bytes(_ verdict: CleanupVerdict) -> Int64? {
            let sizes = tags.filter { $0.verdict == verdict }.compactMap(\.bytes)
            return sizes.isEmpty ? nil : sizes.reduce(0, +)
        }
        deleteBytes = bytes(.delete)
        blockedBytes = bytes(.blocked)
        tagsWithoutSize = tags.filter { $0.verdict != .keep && $0.bytes == nil }.count
    }
}

/// A clean-up plan for one catalog repository (`census cleanup plan`): the JSON file
/// `census cleanup execute --plan` acts on.
public struct CleanupPlan: Codable, Sendable, Hashable {
    /// The version of this file's format.
    public static let currentFormat = 1

    /// The format version (`1`).
    public var format: Int
    /// The normalized `registry/repository`.
    public var repository: String
    /// `manifest` (an ImageBuilder manifest's git history) or `registry` (the registry's API).
    public var origin: String
    /// The catalog's source in words.
    public var source: String
    /// The registry's base URL the tags live at (`https://host`, or the policy's `url`).
    public var registryURL: String?
    /// When the catalog was fetched.
    public var catalogFetchedAt: Date
    /// Set when the catalog is the last good data of a failed refresh.
    public var catalogStale: String?
    /// The ISO week of the run the plan is made from.
    public var week: String
    /// That run.
    public var runID: Int64
    /// The time ages and end of life are judged at (that run's start).
    public var evaluatedAt: Date
    /// The policy's `maxAgeDays`.
    public var maxAgeDays: Int
    /// How many recent runs' usages protect a tag (`--runs`).
    public var recentRuns: Int
    /// The runs whose usages were considered, newest first.
    public var runIDs: [Int64]
    /// Every tag, by name.
    public var tags: [CleanupTag]
    /// The counts.
    public var totals: CleanupTotals
    /// Things the reader should know (unresolved usages of the repository, sizes that could not be read…).
    public var warnings: [String]

    /// A plan; totals are computed from `tags`.
    public init(repository: String, origin: String, source: String, registryURL: String?, catalogFetchedAt: Date,
                catalogStale: String?, week: String, runID: Int64, evaluatedAt: Date, maxAgeDays: Int,
                recentRuns: Int, runIDs: [Int64], tags: [CleanupTag], warnings: [String]) {
        format = Self.currentFormat
        self.repository = repository
        self.origin = origin
        self.source = source
        self.registryURL = registryURL
        self.catalogFetchedAt = catalogFetchedAt
        self.catalogStale = catalogStale
        self.week = week
        self.runID = runID
        self.evaluatedAt = evaluatedAt
        self.maxAgeDays = maxAgeDays
        self.recentRuns = recentRuns
        self.runIDs = runIDs
        self.tags = tags.sorted { $0.tag < $1.tag }
        totals = CleanupTotals(self.tags)
        self.warnings = warnings
    }

    /// The tags with `verdict`.
    public func tags(_ verdict: CleanupVerdict) -> [CleanupTag] {
        tags.filter { $0.verdict == verdict }
    }

    /// Recomputes the totals after tags changed (sizes filled in).
    public mutating func updateTotals() {
        totals = CleanupTotals(tags)
    }

    /// A file-name-safe form of the repository (`mcr.microsoft.com/dotnet-buildtools/prereqs` →
    /// `mcr.microsoft.com-dotnet-buildtools-prereqs`), for `cleanup-<name>.*`.
    public var fileStem: String {
        var slug = ""
        for character in repository.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "_") {
                slug.append(character)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        let trimmed = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return trimmed.isEmpty ? "repository" : String(trimmed.prefix(120))
    }
}

extension CleanupPlan {
    /// Fills in the sizes of the delete and blocked tags from `client` (the registry holding the tags). The
    /// first failure stops asking, leaves the rest unknown and is added to the warnings, which it returns.
    @discardableResult
    public mutating func measureSizes(with client: RegistryClient) async -> String? {
        defer { updateTotals() }
        guard let path = try? RegistryCatalogFetcher.path(of: repository) else { return nil }
        for index in tags.indices where tags[index].verdict != .keep {
            let tag = tags[index]
            do {
                tags[index].bytes = try await client.imageSize(of: path, reference: tag.digest ?? tag.tag)
            } catch {
                let warning = "sizes are unknown: \(error)"
                warnings.append(warning)
                return warning
            }
        }
        return nil
    }
}
