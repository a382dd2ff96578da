import Foundation

/// Builds a repository's catalog from the git history of its ImageBuilder manifest: for every tag ever
/// defined, the commit date it first appeared and, once it left the manifest, the date it was removed.
///
/// Each first-parent commit's manifest set (the root plus its includes, as that commit defines them) is
/// read; commits whose files are unchanged (same blob ids) are skipped, and every blob is parsed once.
/// A commit whose manifest cannot be parsed leaves the state as it was, with a warning. Tags holding
/// `$(System:…)` variables are new immutable tags per build, not part of the standard set: they are
/// skipped, and such a tag is dated by the timestamp inside it instead (see `TagTimestamp`).
public struct ManifestCatalogBuilder {
    /// The normalized `registry/repository` whose tags are wanted.
    public var repository: String
    /// The root manifest's repository-relative path.
    public var manifestPath: String
    /// The source in words, stored with the catalog.
    public var sourceDescription: String

    /// A builder for `repository` from the manifest at `manifestPath`.
    public init(repository: String, manifestPath: String, sourceDescription: String) {
        self.repository = repository
        self.manifestPath = manifestPath
        self.sourceDescription = sourceDescription
    }

    /// Walks `history` oldest first and returns the catalog as of its tip.
    public func build(from history: any ManifestHistorySource, fetchedAt: Date) throws(PolicyError) -> Catalog {
        try walk(history, commits: try commits(of: history), continuing: nil, fetchedAt: fetchedAt).catalog
    }

    /// Every first-parent commit of `history`, oldest first.
    public func commits(of history: any ManifestHistorySource) throws(PolicyError) -> [ManifestCommit] {
        do {
            return try history.commits()
        } catch {
            throw .manifestHistoryUnavailable(repository: repository, problem: "\(error)")
        }
    }

    /// Applies `commits` (oldest first) of `history` to the catalog and walk state of an earlier walk that
    /// ended at the parent of the first of them, or, with `continuing` `nil`, to nothing (a walk from the
    /// root). Continuing a walk gives the same catalog, warnings included, as walking the whole history.
    public func walk(_ history: any ManifestHistorySource, commits: [ManifestCommit],
                     continuing earlier: (catalog: Catalog, state: ManifestWalkState)?,
                     fetchedAt: Date) throws(PolicyError) -> ManifestWalk {
        var manifests: [String: ImageBuilderManifest] = [:]
        var broken: [String: String] = earlier?.state.brokenBlobs ?? [:]
        var state: [String: CatalogTag] = [:]
        for tag in earlier?.catalog.tags ?? [] { state[tag.tag] = tag }
        var warnings: [String] = earlier?.catalog.warnings ?? []
        var previousKey: [String]? = earlier?.state.lastManifestSet
        var manifestSeen = earlier != nil

        /// A manifest blob that does not parse; every commit holding it is skipped with the same warning.
        struct BrokenManifest: Error { var warning: String }

        func load(_ path: String, _ commit: ManifestCommit) throws -> (ManifestBlob?, ImageBuilderManifest?) {
            // A Result rather than do/catch: the compiler misreads a do/catch here as catching nothing.
            let found: ManifestBlob?
            switch Result(catching: { () throws(any Error) -> ManifestBlob? in try history.file(path, at: commit.id) }) {
            case .success(let blob): found = blob
            case .failure(let error):
                throw PolicyError.manifestHistoryUnavailable(repository: repository,
                                                             problem: "reading \(path) at \(commit.id.prefix(12)): \(error)")
            }
            guard let blob = found else { return (nil, nil) }
            if let manifest = manifests[blob.id] { return (blob, manifest) }
            if let warning = broken[blob.id] { throw BrokenManifest(warning: warning) }
            do {
                let manifest = try ImageBuilderManifest.parse(blob.bytes, path: path, commit: commit.id)
                manifests[blob.id] = manifest
                return (blob, manifest)
            } catch {
                broken[blob.id] = "\(error)"
                throw BrokenManifest(warning: "\(error)")
            }
        }

        for commit in commits {
            var current: [String: TagPlatform] = [:]
            do {
                let (rootBlob, rootManifest) = try load(manifestPath, commit)
                guard let rootBlob, var manifest = rootManifest else {
                    if previousKey == [] { continue }
                    previousKey = []
                    apply([:], at: commit.date, to: &state)
                    continue
                }
                manifestSeen = true
                var key = [rootBlob.id]
                let directory = (manifestPath as NSString).deletingLastPathComponent
                for include in manifest.includes {
                    let path = directory.isEmpty ? include : "\(directory)/\(include)"
                    let (includeBlob, included) = try load(path, commit)
                    guard let includeBlob, let included else {
                        note("\(path) is included by \(manifestPath) but missing at \(commit.id.prefix(12))", &warnings)
                        key.append("missing:\(path)")
                        continue
                    }
                    key.append(includeBlob.id)
                    manifest = manifest.merging(included)
                }
                if key == previousKey { continue }
                previousKey = key
                let (tags, problems) = manifest.tags(of: repository)
                for problem in problems { note("\(manifestPath): \(problem)", &warnings) }
                current = tags
            } catch let error as BrokenManifest {
                note("\(error.warning) (commit skipped)", &warnings)
                continue
            } catch {
                note("\(error) (commit skipped)", &warnings)
                continue
            }
            apply(current, at: commit.date, to: &state)
        }
        guard manifestSeen else {
            throw .invalidManifest(path: manifestPath, commit: commits.last?.id,
                                   problem: "no commit of the branch contains it")
        }
        let catalog = Catalog(repository: repository, origin: .manifest, source: sourceDescription, fetchedAt: fetchedAt,
                              tags: Array(state.values), warnings: warnings)
        let tip = commits.last?.id ?? earlier?.state.tip ?? ""
        return ManifestWalk(catalog: catalog,
                            state: ManifestWalkState(tip: tip, lastManifestSet: previousKey, brokenBlobs: broken),
                            walkedCommits: commits.count)
    }

    /// Records that exactly `current` is defined as of `date`.
    private func apply(_ current: [String: TagPlatform], at date: Date, to state: inout [String: CatalogTag]) {
        for (tag, platform) in current {
            if var known = state[tag] {
                known.removedAt = nil
                known.platform = platform
                state[tag] = known
            } else {
                state[tag] = CatalogTag(tag: tag, firstSeen: date, platform: platform)
            }
        }
        for (tag, known) in state where current[tag] == nil && known.removedAt == nil {
            state[tag]?.removedAt = date
        }
    }

    private func note(_ warning: String, _ warnings: inout [String]) {
        if !warnings.contains(warning) { warnings.append(warning) }
    }
}

/// The result of walking (part of) a manifest history.
public struct ManifestWalk: Sendable {
    /// The catalog as of the last commit walked.
    public var catalog: Catalog
    /// What a later walk continues from.
    public var state: ManifestWalkState
    /// How many commits this walk read.
    public var walkedCommits: Int
}
