import Extraction
import Git

/// Turns one snapshot into resolved references: the same code path for `census crawl`,
/// `census scan` and `census check`.
public struct SnapshotScanner: Sendable {
    /// How long reading one file may take, in seconds, before it is stopped with a warning.
    public static let defaultExtractionSeconds = 10.0

    /// Facts already extracted, by blob; nil extracts every file.
    public var cache: (any FactsCache)?
    /// The time one file's extraction may take; nil for no deadline. A file over it keeps what was
    /// found, gets a warning, and the scan goes on with the next file.
    public var extractionSeconds: Double?
    /// The steps one file's extraction may take; nil for the default sized by the file's bytes
    /// (`ExtractionBudget.defaultSteps(forBytes:)`).
    public var extractionSteps: Int?

    /// A scanner using `cache` when given, with a per-file deadline of `extractionSeconds`.
    public init(cache: (any FactsCache)? = nil, extractionSeconds: Double? = SnapshotScanner.defaultExtractionSeconds,
                extractionSteps: Int? = nil) {
        self.cache = cache
        self.extractionSeconds = extractionSeconds
        self.extractionSteps = extractionSteps
    }

    /// Extracts every candidate file of `source` and resolves references across the snapshot.
    public func scan(_ source: some SnapshotSource) throws -> SnapshotScan {
        try scanFiles(source).scan
    }

    /// Like `scan(_:)`, keeping the result file by file.
    public func scanFiles(_ source: some SnapshotSource) throws -> ScannedSnapshot {
        var snapshot = ScannedSnapshot(candidates: [:], facts: [:], references: [:], warnings: [:])
        for candidate in try source.candidates() { snapshot.candidates[candidate.path] = candidate }
        let paths = Set(snapshot.candidates.keys)
        snapshot.facts = try facts(of: paths, in: snapshot.candidates, source: source)
        snapshot.references = BranchResolver.resolve(snapshot.facts, only: Set(snapshot.facts.keys)).filter { !$0.value.isEmpty }
        snapshot.warnings = warnings(of: paths, candidates: snapshot.candidates, facts: snapshot.facts)
        return snapshot
    }

    /// Scans a snapshot that differs from the already scanned `base` by `changes` (from
    /// `Repository.changes(from:to:include:)` with `FileKind.classify` as the filter): only changed
    /// files are read, and only the files a change can affect are resolved again
    /// (`ResolutionImpact`). Returns what differs: the paths whose references or warnings may differ
    /// from the base's, with what they hold now; every other path's are the base's. It costs the
    /// changes and the files they affect, not a copy of the base (but for its facts, which resolving
    /// reads whole).
    public func scan(_ source: some SnapshotSource, changes: [TreeChange],
                     from base: ScannedSnapshot) throws -> ScannedDifference {
        var changed: Set<String> = []
        var present: [String: CandidateFile] = [:]
        for change in changes {
            guard case .removed(let path) = change else { continue }
            if base.candidates[path] != nil {
                changed.insert(path)
                continue
            }
            // A removed directory: everything below it goes.
            let prefix = path + "/"
            changed.formUnion(base.candidates.keys.lazy.filter { $0.hasPrefix(prefix) })
        }
        for change in changes {
            guard case .present(let entry) = change else { continue }
            present[entry.path] = ScannedSnapshot.candidate(entry)
            changed.insert(entry.path)
        }
        var facts = base.facts
        for path in changed { facts[path] = nil }
        facts.merge(try self.facts(of: changed, in: present, source: source)) { _, new in new }

        let resolve = ResolutionImpact.pathsToResolve(before: base.facts, after: facts, changed: changed)
        var difference = ScannedDifference(touched: changed.union(resolve))
        for (path, references) in BranchResolver.resolve(facts, only: resolve) where !references.isEmpty {
            difference.references[path] = references
        }
        difference.warnings = warnings(of: changed, candidates: present, facts: facts)
        for path in resolve where !changed.contains(path) {
            difference.warnings[path] = base.warnings[path]
        }
        return difference
    }

    /// The facts of the candidate files among `paths`: from the cache where it has them (one lookup),
    /// else extracted (and given to the cache).
    private func facts(of paths: Set<String>, in candidates: [String: CandidateFile],
                       source: some SnapshotSource) throws -> [String: FileFacts] {
        let pending = paths.sorted().compactMap { path -> (CandidateFile, FileKind)? in
            guard let file = candidates[path], file.entry == .file, let kind = file.kind else { return nil }
            return (file, kind)
        }
        let keys = pending.compactMap { file, kind in
            file.blobID.map { FactsKey(blobID: $0, kind: kind, path: file.path) }
        }
        let cached = keys.isEmpty ? [:] : (cache?.facts(for: keys) ?? [:])
        var fresh: [FactsKey: FileFacts] = [:]
        var factsByPath: [String: FileFacts] = [:]
        for (file, kind) in pending {
            let key = file.blobID.map { FactsKey(blobID: $0, kind: kind, path: file.path) }
            if let key, let hit = cached[key] ?? fresh[key] {
                factsByPath[file.path] = hit
                continue
            }
            let facts: FileFacts
            var cacheable = true
            switch try source.content(of: file, maxSize: Extractors.maxFileSize) {
            case .tooLarge(let size):
                facts = FileFacts(warnings: [ExtractionWarning(
                    message: "skipped: \(size) bytes is over the \(Extractors.maxFileSize)-byte limit for one file")])
            case .bytes(let bytes):
                // One pathological file, whatever its cause, costs at most this budget and a warning.
                let budget = ExtractionBudget(steps: extractionSteps ?? ExtractionBudget.defaultSteps(forBytes: bytes.count),
                                              seconds: extractionSeconds)
                facts = Extractors.facts(path: file.path, kind: kind, bytes: bytes, budget: budget)
                // A file stopped by the clock may be read further on a quieter machine: not kept.
                if case .deadline = budget.exhaustion { cacheable = false }
            }
            factsByPath[file.path] = facts
            if let key, cacheable { fresh[key] = facts }
        }
        if !fresh.isEmpty { cache?.store(fresh) }
        return factsByPath
    }

    /// The warnings of the paths among `paths` that have any: what the entry is (a link, a
    /// submodule) and what reading the file met.
    private func warnings(of paths: Set<String>, candidates: [String: CandidateFile],
                          facts: [String: FileFacts]) -> [String: [FileWarning]] {
        var out: [String: [FileWarning]] = [:]
        for path in paths {
            var found: [FileWarning] = []
            if let candidate = candidates[path], let warning = ScannedSnapshot.entryWarning(candidate) {
                found.append(warning)
            }
            found += (facts[path]?.warnings ?? []).map { FileWarning(path: path, line: $0.line, message: $0.message) }
            if !found.isEmpty {
                out[path] = found.sorted { ($0.line ?? 0, $0.message) < ($1.line ?? 0, $1.message) }
            }
        }
        return out
    }
}
