import Extraction
import Foundation
import Inventory
import Policy

/// The usages of one image repository in the inventory over a window of recent runs, each with its owner:
/// what protects a tag from deletion.
///
/// The window is the `runs` latest finished crawls up to a given run, so a branch that stopped being
/// tracked or went quiet a run ago still protects the tags it used. A usage seen in several runs is listed
/// once, from the newest run that saw it.
public struct CleanupUsages: Sendable {
    /// The repository (`registry/path`).
    public var repository: String
    /// The run the window ends at.
    public var runID: Int64
    /// The runs considered, newest first.
    public var runIDs: [Int64]
    /// Every usage naming a tag or digest of the repository, by repository, branch, path and line.
    public var usages: [CleanupUsage]
    /// Places in the run the window ends at that name the repository with a tag census could not
    /// resolve (`prereqs:$(tag)`): they may use any tag.
    public var unresolved: [String]

    /// The usages naming `tag`, or `digest` when one is given.
    public func naming(tag: String, digest: String?) -> [CleanupUsage] {
        usages.filter { $0.tag == tag || (digest != nil && $0.digest == digest) }
    }

    /// Reads the usages of `repository` in the `runs` latest finished runs up to and including `runID`.
    public static func load(from database: AppDatabase, repository: String, upToRun runID: Int64,
                            runs: Int) throws -> CleanupUsages {
        let window = try database.latestRuns(limit: 100_000)
            .filter { $0.id <= runID && ($0.status == .ok || $0.status == .partial) }
            .prefix(max(1, runs))
            .map(\.id)
        var owners = FileOwners(repositories: try database.repositories())
        var newest: [String: CleanupUsage] = [:]
        // GLOB is case-sensitive and names are normalized lowercase; `[:@]` ends the repository name.
        let filter = ReferenceFilter(image: "\(globEscaped(repository))[:@]*")
        for run in window {
            for stored in try database.references(asOfRun: run, filter) {
                let reference = stored.reference
                guard reference.role != .localBuild, reference.resolved, reference.valid,
                      let registry = reference.registry, let path = reference.repository,
                      "\(registry)/\(path)" == repository,
                      reference.tag != nil || reference.digest != nil else { continue }
                let key = [stored.repository, stored.branch, reference.path, "\(reference.line)",
                           reference.normalized ?? reference.raw].joined(separator: "\n")
                if let known = newest[key], known.lastSeenRunID >= run { continue }
                let owner = try owners.owner(repository: stored.repository, commit: stored.commitID, path: reference.path,
                                             team: stored.team) { name, commit in
                    try database.codeowners(repository: name, commit: commit)
                }
                let link = owners.repository(stored.repository).flatMap {
                    SourceLink.url(repositoryURL: $0.url, commit: stored.commitID, path: reference.path, line: reference.line)
                }
                newest[key] = CleanupUsage(
                    repository: stored.repository, branch: stored.branch, commitID: stored.commitID, path: reference.path,
                    line: reference.line, image: reference.normalized ?? reference.raw, tag: reference.tag,
                    digest: reference.digest, owner: owner.name, ownerSource: owner.source.rawValue, link: link,
                    lastSeenRunID: run, current: run == runID)
            }
        }
        let usages = newest.values.sorted {
            ($0.repository, $0.branch, $0.path, $0.line, $0.image) < ($1.repository, $1.branch, $1.path, $1.line, $1.image)
        }
        return CleanupUsages(repository: repository, runID: runID, runIDs: Array(window), usages: usages,
                             unresolved: try unresolvedPlaces(in: database, repository: repository, runID: runID))
    }

    /// `repository/branch/path:line` of each unresolved usage of run `runID` whose text names `repository`
    /// (in full, or its path inside the registry).
    static func unresolvedPlaces(in database: AppDatabase, repository: String, runID: Int64) throws -> [String] {
        let path = repository.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? repository
        return try database.references(asOfRun: runID).compactMap { stored in
            let reference = stored.reference
            guard !reference.resolved, reference.raw.contains(repository) || reference.raw.contains(path) else { return nil }
            return "\(stored.repository)/\(stored.branch)/\(reference.path):\(reference.line)"
        }
    }

    /// A sentence warning about `unresolved`, or `nil` when there are none.
    public var unresolvedWarning: String? {
        guard !unresolved.isEmpty else { return nil }
        let shown = unresolved.prefix(3).joined(separator: ", ") + (unresolved.count > 3 ? ", …" : "")
        return "\(unresolved.count.counted("usage")) \(unresolved.count == 1 ? "names" : "name") \(repository) with a tag census "
            + "could not resolve (\(shown)); \(unresolved.count == 1 ? "it" : "they") may use any tag, so check before deleting"
    }

    /// `text` with GLOB's special characters made literal.
    static func globEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "*", "?", "[": out += "[\(character)]"
            default: out.append(character)
            }
        }
        return out
    }
}
