import Foundation

/// What happened to one delete tag of a plan when it was executed.
public struct CleanupAction: Codable, Sendable, Hashable {
    /// The outcome.
    public enum Outcome: String, Codable, Sendable {
        /// The manifest was deleted.
        case deleted
        /// A dry run: it would have been deleted.
        case wouldDelete = "would-delete"
        /// The registry no longer has the tag (or its manifest): nothing to do.
        case alreadyGone = "already-gone"
        /// A usage names it now (the inventory changed since the plan): left alone.
        case skippedUsed = "skipped-used"
        /// The tag points to other content than when the plan was made: left alone.
        case skippedMoved = "skipped-moved"
        /// Its digest is also a tag that stays: deleting it would delete that tag too.
        case refusedSharedDigest = "refused-shared-digest"
        /// The registry refused or failed the deletion.
        case failed
    }

    /// The tag.
    public var tag: String
    /// The outcome.
    public var outcome: Outcome
    /// The digest the tag pointed to at execution time, when resolved.
    public var digest: String?
    /// The details in words (the usages now naming it, the other tags on the digest, the registry's error).
    public var detail: String

    /// An action record.
    public init(tag: String, outcome: Outcome, digest: String?, detail: String) {
        self.tag = tag
        self.outcome = outcome
        self.digest = digest
        self.detail = detail
    }

    /// Whether the plan's intent for the tag was carried out (deleted, would be, or already gone).
    public var isDone: Bool { [.deleted, .wouldDelete, .alreadyGone].contains(outcome) }
}

/// Deletes exactly the delete tags of a plan through the registry API, after checking each again:
/// against the inventory as it is now (`usages`), against the digest the tag points to now, and against
/// every other tag of the repository (a digest another tag that stays points to is refused).
///
/// Everything is resolved before the first deletion, so an authentication failure or an unreachable
/// registry stops the run with nothing deleted.
public struct CleanupExecutor: Sendable {
    /// The plan.
    public var plan: CleanupPlan
    /// The client of the registry holding the repository.
    public var client: RegistryClient

    /// An executor of `plan` through `client`.
    public init(plan: CleanupPlan, client: RegistryClient) {
        self.plan = plan
        self.client = client
    }

    /// Runs the plan; with `dryRun`, deletes nothing and reports `would-delete`. `usages(tag, digest)`
    /// returns the usages naming the tag, or the digest, in the inventory now.
    public func run(dryRun: Bool,
                    usages: @Sendable (_ tag: String, _ digest: String?) throws -> [CleanupUsage]) async throws -> [CleanupAction] {
        let path = try RegistryCatalogFetcher.path(of: plan.repository)
        let wanted = plan.tags(.delete)
        guard !wanted.isEmpty else { return [] }
        let listed = Set(try await client.tags(of: path))
        var digestOf: [String: String] = [:]
        for tag in listed.sorted() {
            if let digest = try await client.manifestDigest(of: path, reference: tag) { digestOf[tag] = digest }
        }
        var actions: [String: CleanupAction] = [:]
        var candidates: [String: String] = [:]
        for planned in wanted {
            guard listed.contains(planned.tag) else {
                actions[planned.tag] = CleanupAction(tag: planned.tag, outcome: .alreadyGone, digest: nil,
                                                     detail: "the registry no longer lists the tag")
                continue
            }
            guard let digest = digestOf[planned.tag] else {
                actions[planned.tag] = CleanupAction(tag: planned.tag, outcome: .failed, digest: nil,
                                                     detail: "the registry sent no Docker-Content-Digest for the tag")
                continue
            }
            if let plannedDigest = planned.digest, plannedDigest != digest {
                actions[planned.tag] = CleanupAction(tag: planned.tag, outcome: .skippedMoved, digest: digest,
                                                     detail: "the tag pointed to \(plannedDigest) when planned and to \(digest) now; make a new plan")
                continue
            }
            let found = try usages(planned.tag, digest)
            if !found.isEmpty {
                let places = found.prefix(5).map(\.location).joined(separator: ", ")
                let more = found.count > 5 ? " and \(found.count - 5) more" : ""
                actions[planned.tag] = CleanupAction(tag: planned.tag, outcome: .skippedUsed, digest: digest,
                                                     detail: "used since the plan was made: \(places)\(more)")
                continue
            }
            candidates[planned.tag] = digest
        }
        let tagsByDigest = Dictionary(grouping: digestOf.keys.sorted(), by: { digestOf[$0] ?? "" })
        var deletable: [String: [String]] = [:]
        for (tag, digest) in candidates {
            let others = (tagsByDigest[digest] ?? []).filter { candidates[$0] == nil }
            if others.isEmpty {
                deletable[digest, default: []].append(tag)
            } else {
                actions[tag] = CleanupAction(tag: tag, outcome: .refusedSharedDigest, digest: digest,
                                             detail: "\(digest) is also tag \(others.joined(separator: ", ")), which is not in the plan's delete list")
            }
        }
        for digest in deletable.keys.sorted() {
            let tags = (deletable[digest] ?? []).sorted()
            let shared = tags.count > 1 ? " (one manifest for tags \(tags.joined(separator: ", ")))" : ""
            if dryRun {
                for tag in tags {
                    actions[tag] = CleanupAction(tag: tag, outcome: .wouldDelete, digest: digest,
                                                 detail: "DELETE /v2/\(path)/manifests/\(digest)\(shared)")
                }
                continue
            }
            let outcome: CleanupAction.Outcome
            let detail: String
            do {
                switch try await client.deleteManifest(of: path, digest: digest) {
                case .deleted: outcome = .deleted; detail = "deleted manifest \(digest)\(shared)"
                case .notFound: outcome = .alreadyGone; detail = "the registry no longer has manifest \(digest)"
                }
            } catch {
                outcome = .failed
                detail = error.description
            }
            for tag in tags { actions[tag] = CleanupAction(tag: tag, outcome: outcome, digest: digest, detail: detail) }
        }
        return wanted.compactMap { actions[$0.tag] }
    }
}
