import Extraction
import Foundation
import Inventory

extension ImpactReport {
    /// The deepest walk `--depth` allows.
    public static let depthLimit = 32

    /// Builds the report for the week of `run`.
    ///
    /// `pattern` is an SQLite GLOB over the normalized image or the image as resolved (case-sensitive;
    /// `*` also matches `/`), as in the migration report.
    public static func load(from database: AppDatabase, pattern: String, run: WeeklyRun, maxDepth: Int = 8) throws -> ImpactReport {
        let trimmed = pattern.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.contains(where: { $0 != "*" }) else { throw ReportsError.invalidImpactPattern(pattern) }
        let matching = try database.references(asOfRun: run.runID, ReferenceFilter(image: trimmed))
        let references = try database.references(asOfRun: run.runID)
        return try ImpactReport(pattern: trimmed, run: run, matching: matching, references: references,
                                catalogs: try database.catalogs(), repositories: try database.repositories(),
                                maxDepth: maxDepth) { repository, commit in
            try database.codeowners(repository: repository, commit: commit)
        }
    }

    /// The report from the week's references: `matching` are those whose image matches `pattern`,
    /// `references` all of them; `codeowners` returns the CODEOWNERS files stored for a repository's commit.
    public init(pattern: String, run: WeeklyRun, matching: [StoredReference], references: [StoredReference],
                catalogs: [CatalogRecord], repositories: [RepositoryInfo], maxDepth: Int,
                codeowners: (_ repository: String, _ commit: String) throws -> [CodeownersFile]) rethrows {
        self.pattern = pattern
        week = run.week
        runID = run.runID
        runStartedAt = run.startedAt
        self.maxDepth = min(max(1, maxDepth), Self.depthLimit)
        truncated = false

        let publications = ImagePublications(references: references, catalogs: catalogs, repositories: repositories)
        var usagesByImage: [String: [StoredReference]] = [:]
        for stored in references where Self.isUsage(stored.reference) {
            guard let image = stored.reference.normalized else { continue }
            usagesByImage[image, default: []].append(stored)
        }

        var affected: [String: AffectedImage] = [:]
        var chains: [String: [String]] = [:]
        var found: [(StoredReference, level: Int, action: Action, chain: [String], dockerfile: String?)] = []
        var seenItems: Set<String> = []

        // Level 1: what is built on a matching image.
        var frontier: [(StoredReference, chain: [String])] = []
        for stored in matching where Self.isUsage(stored.reference) && Self.builtDockerfile(stored.reference) != nil {
            let base = Self.image(of: stored.reference)
            if affected[base] == nil { affected[base] = AffectedImage(image: base, level: 0, publishedBy: []) }
            chains[base] = [base]
            frontier.append((stored, [base]))
        }
        var level = 1
        while !frontier.isEmpty {
            var published: [String] = []
            for (stored, chain) in frontier {
                let key = "\(stored.repository)\n\(stored.branch)\n\(stored.reference.path)\n\(stored.reference.line)\n\(stored.reference.kind)\n\(chain.last ?? "")"
                guard seenItems.insert(key).inserted else { continue }
                let dockerfile = Self.builtDockerfile(stored.reference)
                found.append((stored, level, dockerfile == nil ? .uses : .rebuild, chain, dockerfile))
                guard let dockerfile else { continue }
                for publication in publications.published(repository: stored.repository, branch: stored.branch,
                                                          dockerfile: dockerfile) {
                    if var known = affected[publication.image] {
                        if known.level == level, !known.publishedBy.contains(publication) {
                            known.publishedBy.append(publication)
                            affected[publication.image] = known
                        }
                        continue
                    }
                    affected[publication.image] = AffectedImage(image: publication.image, level: level, publishedBy: [publication])
                    chains[publication.image] = chain + [publication.image]
                    published.append(publication.image)
                }
            }
            frontier = []
            for image in published.sorted() {
                let usages = usagesByImage[image] ?? []
                guard level < self.maxDepth else {
                    if !usages.isEmpty { truncated = true }
                    continue
                }
                frontier += usages.map { ($0, chains[image] ?? [image]) }
            }
            level += 1
        }

        var owners = FileOwners(repositories: repositories)
        var lists: [String: BranchList] = [:]
        for (stored, itemLevel, action, chain, dockerfile) in found {
            let info = owners.repository(stored.repository)
            let reference = stored.reference
            let owner = try owners.owner(repository: stored.repository, commit: stored.commitID, path: reference.path,
                                         team: stored.team, codeowners: codeowners)
            let item = Item(
                level: itemLevel, action: action, repository: stored.repository, team: info?.team ?? stored.team,
                branch: stored.branch, commitID: stored.commitID, path: reference.path, line: reference.line,
                link: info.flatMap { SourceLink.url(repositoryURL: $0.url, commit: stored.commitID, path: reference.path,
                                                    line: reference.line) },
                kind: reference.kind, image: Self.image(of: reference), dockerfile: dockerfile, chain: chain,
                publishes: dockerfile.map { publications.published(repository: stored.repository, branch: stored.branch,
                                                                   dockerfile: $0) } ?? [],
                owner: owner.name, ownerSource: owner.source, codeownersRule: owner.codeownersRule, stale: stored.stale)
            let key = "\(stored.repository)\n\(stored.branch)"
            // Appended in place: a copy taken out and put back copied the branch's items each time.
            lists[key, default: BranchList(repository: stored.repository, branch: stored.branch,
                                           team: info?.team ?? stored.team, contact: info?.contact ?? stored.contact,
                                           owners: [], items: [])].items.append(item)
        }
        branches = lists.values.map { list in
            var list = list
            list.items.sort { ($0.level, $0.path, $0.line, $0.kind, $0.image) < ($1.level, $1.path, $1.line, $1.kind, $1.image) }
            var owners: [String] = []
            for item in list.items where !owners.contains(item.owner) { owners.append(item.owner) }
            list.owners = owners
            return list
        }
        .sorted { ($0.repository, $0.branch) < ($1.repository, $1.branch) }
        images = affected.values.sorted { ($0.level, $0.image) < ($1.level, $1.image) }
    }

    /// Whether a reference brings its image into a build or a run (local builds and frontends do not).
    static func isUsage(_ reference: Reference) -> Bool {
        reference.role == .pull && reference.normalized != nil
    }

    /// The Dockerfile a usage builds upon its image: its own file for a Dockerfile instruction, the
    /// Dockerfile named in the context of a `FROM` evaluated with passed build arguments; `nil` otherwise.
    static func builtDockerfile(_ reference: Reference) -> String? {
        if reference.kind.hasPrefix("dockerfile/") { return reference.path }
        if reference.kind.hasSuffix("/build-base") { return LocalBuild.dockerfile(context: reference.context) }
        return nil
    }

    static func image(of reference: Reference) -> String {
        reference.normalized ?? reference.image ?? reference.raw
    }
}
