import Foundation
import Inventory

/// A decoded `policy.yml` (docs/policy.md): what counts as standard, which bases are approved, how old is too
/// old, where catalogs of current tags come from, and what is deprecated.
public struct PolicyDocument: Sendable, Hashable {
    /// The file the policy was read from, for messages.
    public var file: String
    /// Repositories whose images count as standard.
    public var standard: [ImagePattern]
    /// What a Dockerfile `FROM` may resolve to.
    public var approvedBaseImages: [ImagePattern]
    /// Image content older than this many days is outdated.
    public var maxAgeDays: Int
    /// Where the tags of standard repositories, and their dates, come from.
    public var catalogs: [CatalogSource]
    /// Images that must no longer be used, with the reason and what to use instead.
    public var deprecated: [Deprecation]
    /// Severity overrides by rule; `nil` turns a rule off.
    public var severities: [RuleID: Severity?]
    /// The BuildKit frontends a Dockerfile's `# syntax=` may name; other frontends are non-standard.
    public var allowedFrontends: [ImagePattern]
    /// How many days ahead of an end of life the `eol-soon` rule warns; `nil` (the default) gives no early warning.
    public var warnBeforeEolDays: Int?
    /// URLs a Dockerfile may download without a checksum check (a trusted internal feed); `*` matches any
    /// run of characters, `/` included.
    public var trustedDownloads: [Glob] = []

    /// The default age limit when a policy names none: six months.
    public static let defaultMaxAgeDays = 180
    /// The frontends allowed when a policy names none: Docker's own, `docker/dockerfile` at any tag.
    public static let defaultAllowedFrontends: [ImagePattern] = [try? ImagePattern("docker/dockerfile")].compactMap { $0 }

    /// A policy built in code.
    public init(file: String = "policy.yml", standard: [ImagePattern] = [], approvedBaseImages: [ImagePattern] = [],
                maxAgeDays: Int = defaultMaxAgeDays, catalogs: [CatalogSource] = [], deprecated: [Deprecation] = [],
                severities: [RuleID: Severity?] = [:], allowedFrontends: [ImagePattern] = defaultAllowedFrontends,
                warnBeforeEolDays: Int? = nil) {
        self.file = file
        self.standard = standard
        self.approvedBaseImages = approvedBaseImages
        self.maxAgeDays = maxAgeDays
        self.catalogs = catalogs
        self.deprecated = deprecated
        self.severities = severities
        self.allowedFrontends = allowedFrontends
        self.warnBeforeEolDays = warnBeforeEolDays
    }

    /// Reads and decodes the policy at `url`.
    public static func load(contentsOf url: URL) throws(PolicyError) -> PolicyDocument {
        let data: Data
        do {
            data = try UserFile.read(url.path)
        } catch {
            throw .unreadable(file: url.path, problem: error.reason)
        }
        return try decode(String(decoding: data, as: UTF8.self), file: url.path)
    }

    /// The severity `rule` reports with under this policy, or `nil` when the policy turns it off.
    public func severity(of rule: RuleID, default defaultSeverity: Severity) -> Severity? {
        if let override = severities[rule] { return override }
        return defaultSeverity
    }

    /// The catalog source configured for a repository (`registry/repository`), if any.
    public func catalogSource(for repository: String) -> CatalogSource? {
        catalogs.first { $0.repository == repository }
    }

    /// The canonical text of the policy: every setting in a fixed order, comments and layout dropped.
    public var canonicalText: String {
        var lines: [String] = ["maxAgeDays: \(maxAgeDays)"]
        lines += standard.map { "standard: \($0.text)" }
        lines += approvedBaseImages.map { "approvedBaseImage: \($0.text)" }
        for catalog in catalogs {
            lines.append("catalog: \(catalog.repository) \(catalog.kind.canonicalText)")
        }
        for deprecation in deprecated {
            lines.append("deprecated: \(deprecation.match.text) | \(deprecation.reason) | \(deprecation.replacement ?? "")")
        }
        for (rule, severity) in severities.sorted(by: { $0.key < $1.key }) {
            lines.append("severity: \(rule.rawValue) \(severity?.rawValue ?? "off")")
        }
        // Only a changed list is written, so policies that never set it keep their hash.
        if allowedFrontends.map(\.text) != Self.defaultAllowedFrontends.map(\.text) {
            lines += allowedFrontends.map { "allowedFrontend: \($0.text)" }
        }
        // Likewise only when set: a policy without early warnings keeps the hash it had before the key existed.
        if let warnBeforeEolDays { lines.append("warnBeforeEolDays: \(warnBeforeEolDays)") }
        // Written only when set, so policies without it keep their hash.
        lines += trustedDownloads.map { "trustedDownload: \($0.text)" }
        return lines.joined(separator: "\n")
    }

    /// A stable fingerprint of `canonicalText`, stored with findings so a trend can tell a policy change
    /// from a fleet change.
    public var hash: String { StableHash.of(canonicalText).hex }
}

/// One `deprecated:` entry.
public struct Deprecation: Sendable, Hashable {
    /// The images it covers.
    public var match: ImagePattern
    /// Why they must not be used, in words a product team understands.
    public var reason: String
    /// What to use instead, when the policy says.
    public var replacement: String?

    /// A deprecation built in code.
    public init(match: ImagePattern, reason: String, replacement: String? = nil) {
        self.match = match
        self.reason = reason
        self.replacement = replacement
    }
}

/// One `catalogs:` entry: a standard repository and where its tags come from.
public struct CatalogSource: Sendable, Hashable {
    /// How the tags of a repository are learned.
    public enum Kind: Sendable, Hashable {
        /// An ImageBuilder `manifest.json` (with its includes) on a branch of a git repository, walked
        /// through its history.
        case manifest(git: String, branch: String, path: String)
        /// The registry's OCI distribution API (`/v2/<name>/tags/list`, manifests, config blobs).
        /// `url` overrides the base URL derived from the repository's registry host.
        case registry(url: String?)
        /// The Microsoft container registry catalog API (`/api/v1/catalog/<repo>/tags`).
        case mcrCatalog(url: String?)

        var canonicalText: String {
            switch self {
            case .manifest(let git, let branch, let path): return "manifest \(git) \(branch) \(path)"
            case .registry(let url): return "registry \(url ?? "")"
            case .mcrCatalog(let url): return "mcr-catalog \(url ?? "")"
            }
        }
    }

    /// The normalized `registry/repository` the catalog describes.
    public var repository: String
    /// Where its tags come from.
    public var kind: Kind
    /// The policy line of the entry.
    public var line: Int
    /// How long a registry catalog's facts serve before a crawl asks the registry again (`refreshAfter:`);
    /// `nil` means `defaultRefreshAfter`. Git manifest catalogs have none: they follow their branch's tip.
    ///
    /// Left out of `PolicyDocument.canonicalText` (and so of the policy hash): it decides when facts are
    /// fetched, not what the rules make of them.
    public var refreshAfter: TimeInterval?

    /// How long registry facts serve when the policy names no `refreshAfter`: a day.
    public static let defaultRefreshAfter: TimeInterval = 24 * 3600

    /// A catalog source built in code.
    public init(repository: String, kind: Kind, line: Int = 0, refreshAfter: TimeInterval? = nil) {
        self.repository = repository
        self.kind = kind
        self.line = line
        self.refreshAfter = refreshAfter
    }

    /// The time a registry catalog's facts serve before the next crawl refreshes them.
    public var effectiveRefreshAfter: TimeInterval { refreshAfter ?? Self.defaultRefreshAfter }
}
