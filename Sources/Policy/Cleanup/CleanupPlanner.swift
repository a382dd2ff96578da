import Extraction
import Foundation

/// Classifies every tag of a catalog repository as delete, blocked or keep: a pure function of the
/// catalog, the policy's age limit, the time and the usages the inventory holds.
///
/// A tag is a candidate when its content is older than `maxAgeDays` (the same age `outdated-tag` uses:
/// a removed manifest tag from its removal, a timestamped tag from its stamp, a registry tag from its build
/// date) or when the OS release it is built on is past its end of life. A tag a manifest still defines is
/// kept: the next build would push it again, so it must leave the manifest first. A candidate named by any
/// usage (by tag, or by its digest) in the runs considered is blocked; an unused one is deleted, unless
/// its digest is also the digest of a tag that stays, since deleting a manifest deletes every tag on it.
public struct CleanupPlanner: Sendable {
    /// The policy's `maxAgeDays`.
    public var maxAgeDays: Int
    /// The time ages and end of life are judged at.
    public var now: Date

    /// A planner judging at `now` with the age limit `maxAgeDays`.
    public init(maxAgeDays: Int, now: Date) {
        self.maxAgeDays = maxAgeDays
        self.now = now
    }

    /// The plan rows of `catalog`, given every usage of its repository (`usages` may name other tags).
    /// Tags a registry catalog recorded as gone from the registry are left out (they no longer exist).
    public func tags(of catalog: Catalog, usages: [CleanupUsage]) -> [CleanupTag] {
        var byTag: [String: [CleanupUsage]] = [:]
        var byDigest: [String: [CleanupUsage]] = [:]
        for usage in usages {
            if let tag = usage.tag { byTag[tag, default: []].append(usage) }
            if let digest = usage.digest { byDigest[digest, default: []].append(usage) }
        }
        var rows: [CleanupTag] = []
        for tag in catalog.tags {
            if catalog.origin == .registry && !tag.isCurrent { continue }
            var found = byTag[tag.tag] ?? []
            if let digest = tag.digest {
                found += (byDigest[digest] ?? []).filter { !found.contains($0) }
            }
            rows.append(row(for: tag, in: catalog, usages: found))
        }
        return Self.protectingSharedDigests(rows)
    }

    /// The verdict on one tag, given the usages that name it.
    func row(for tag: CatalogTag, in catalog: Catalog, usages: [CleanupUsage]) -> CleanupTag {
        let age = RuleSubject.age(timestamp: TagTimestamp.parse(tag.tag), catalog: catalog, catalogTag: tag)
        let days = age.contentDate.map { CalendarDay.days(from: $0, to: now) }
        let image = ImageReference.parse("\(catalog.repository):\(tag.tag)")
        let endOfLife = OperatingSystemDetector.detect(in: image).flatMap { detected -> String? in
            guard detected.release.isEndOfLife(at: now), let end = detected.release.endOfLife else { return nil }
            return "\(detected.release.displayName), ended \(end)"
        }
        let sortedUsages = usages.sorted { ($0.repository, $0.branch, $0.path, $0.line) < ($1.repository, $1.branch, $1.path, $1.line) }
        func make(_ verdict: CleanupVerdict, _ reason: String) -> CleanupTag {
            CleanupTag(tag: tag.tag, verdict: verdict, reason: reason, ageDays: days, ageBasis: age.basis,
                       contentDate: age.contentDate, endOfLife: endOfLife, current: tag.isCurrent, digest: tag.digest,
                       usages: sortedUsages)
        }
        var grounds: [String] = []
        if let days, days > maxAgeDays { grounds.append("\(days.counted("day")) old, over the \(maxAgeDays)-day limit") }
        if let endOfLife { grounds.append("built on \(endOfLife)") }
        let why = grounds.joined(separator: "; ")
        if catalog.origin == .manifest && tag.isCurrent {
            let still = "still defined by the manifest, so the next build pushes it again"
            return make(.keep, grounds.isEmpty ? still : "\(why); but \(still): remove it from the manifest first")
        }
        guard !grounds.isEmpty else {
            if let days { return make(.keep, "\(days.counted("day")) old, within the \(maxAgeDays)-day limit") }
            return make(.keep, "age unknown: \(age.basis)")
        }
        guard usages.isEmpty else {
            let places = Set(usages.map { "\($0.repository)\n\($0.branch)" }).count
            return make(.blocked, "\(why); but used \(usages.count.counted("time")) on \(places.counted("branch"))")
        }
        return make(.delete, "\(why); unused")
    }

    /// Turns a delete into keep when another tag that stays points to the same digest.
    static func protectingSharedDigests(_ rows: [CleanupTag]) -> [CleanupTag] {
        var staying: [String: [String]] = [:]
        for row in rows where row.verdict != .delete {
            if let digest = row.digest { staying[digest, default: []].append(row.tag) }
        }
        return rows.map { row in
            guard row.verdict == .delete, let digest = row.digest, let others = staying[digest] else { return row }
            var kept = row
            kept.verdict = .keep
            kept.reason = "\(row.reason); but its digest is also tag \(others.sorted().joined(separator: ", ")), which stays"
            return kept
        }
    }
}

extension CleanupPlanner {
    /// The plan for `catalog` as of run `runID` of `week`, given the usages of its repository in the runs
    /// `runIDs` (newest first; `recentRuns` is the window asked for). `source` is the policy's catalog
    /// entry, for the registry URL the tags live at.
    public func plan(catalog: Catalog, source: CatalogSource?, usages: [CleanupUsage], week: String, runID: Int64,
                     recentRuns: Int, runIDs: [Int64]) -> CleanupPlan {
        var warnings = catalog.warnings
        if catalog.origin == .registry {
            let gone = catalog.tags.filter { !$0.isCurrent }.count
            if gone > 0 {
                warnings.append("\(gone.counted("tag")) listed by an earlier sync \(gone == 1 ? "is" : "are") gone from the registry and not in the plan")
            }
        }
        return CleanupPlan(repository: catalog.repository, origin: catalog.origin.rawValue, source: catalog.source,
                           registryURL: Self.registryURL(repository: catalog.repository, source: source),
                           catalogFetchedAt: catalog.fetchedAt, catalogStale: catalog.staleReason, week: week,
                           runID: runID, evaluatedAt: now, maxAgeDays: maxAgeDays, recentRuns: recentRuns,
                           runIDs: runIDs, tags: tags(of: catalog, usages: usages), warnings: warnings)
    }

    /// The base URL of the registry holding `repository`: the policy's `url`, else the one its host implies.
    static func registryURL(repository: String, source: CatalogSource?) -> String? {
        switch source?.kind {
        case .registry(let url?), .mcrCatalog(let url?): return url
        default:
            let host = repository.split(separator: "/").first.map(String.init) ?? repository
            return RegistryClient.defaultBaseURL(forHost: host)?.absoluteString
        }
    }
}
