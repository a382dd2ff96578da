import Crawler
import Extraction
import Foundation
import Git

/// Migrates one branch of one repository, from its mirror: scans the scanned commit again (the same
/// scanner as `census crawl`), traces the selected usages to their definition sites, rewrites them,
/// writes the change as a commit after the scanned tip (no checkout), and re-scans that commit.
struct BranchMigrator {
    var repository: Repository
    var request: MigrationRequest
    /// The scanner `census crawl` uses, with facts kept in memory across this repository's scans.
    var scanner = SnapshotScanner(cache: MemoryFactsCache())

    /// - Parameter stored: the references the inventory holds for the branch, to compare with this scan.
    func migrate(repositoryName: String, url: String, branch: String, scannedCommit: ObjectID,
                 stored: [Reference]) throws -> BranchMigration {
        let commit = try repository.commitInfo(scannedCommit)
        let snapshot = try scanner.scanFiles(GitTreeSource(repository: repository, tree: commit.tree))
        let before = snapshot.allReferences
        var originals: [String: [UInt8]] = [:]
        let trace = try DefinitionTrace.trace(
            files: snapshot.facts, kinds: snapshot.candidates.compactMapValues(\.kind),
            content: { path in
                guard let candidate = snapshot.candidates[path], let bytes = try blob(of: candidate) else { return nil }
                originals[path] = bytes
                return bytes
            },
            references: before,
            target: { request.selection.target(for: $0, repository: repositoryName, branch: branch) },
            mentions: { request.selection.mentions(unresolved: $0) })
        let decision = trace.decide()
        let changes = decision.changes

        // Each rewritten site is its own bytes: only they change, so quotes, indentation, line endings,
        // comments and a missing final newline stay as they were.
        var fileChanges: [FileChange] = []
        var replacements: [String: [UInt8]] = [:]
        var overlapping: [String] = []
        for (path, sited) in Dictionary(grouping: changes, by: \.site.path).sorted(by: { $0.key < $1.key }) {
            guard let original = originals[path] else { continue }
            let edits = sited.map { TextEdit(range: $0.site.range, line: $0.site.line, replacement: Array($0.to.utf8)) }
                .sorted { $0.range.lowerBound < $1.range.lowerBound }
            // Whole-token sites of one file never overlap; should two ever do, nothing of the branch is written.
            if zip(edits, edits.dropFirst()).contains(where: { $0.range.overlaps($1.range) }) {
                overlapping.append(path)
                continue
            }
            let edited = TextEdit.apply(edits, to: original)
            replacements[path] = edited
            fileChanges.append(FileChange(path: path, edits: edits, diff: UnifiedDiff.make(path: path, old: original, new: edited)))
        }
        let message = MigrationMessage.make(request: request, changes: changes, leftAlone: decision.leftAlone)
        var migration = BranchMigration(
            repository: repositoryName, url: url, branch: branch, scannedCommit: scannedCommit.hex, changes: changes,
            leftAlone: decision.leftAlone, files: fileChanges, commit: nil, createdBranch: nil, message: message,
            verification: .notRun, problem: nil, note: Self.difference(stored: stored, scanned: before))
        if !overlapping.isEmpty {
            migration.problem = "two rewritten places overlap in \(overlapping.joined(separator: ", ")); nothing is written"
            return migration
        }
        guard !replacements.isEmpty else { return migration }

        let newCommit = try repository.commit(replacing: replacements, after: scannedCommit, message: message,
                                              author: request.author, date: request.date)
        migration.commit = newCommit.hex
        let after = try scanner.scan(GitTreeSource(repository: repository, tree: try repository.commitInfo(newCommit).tree))
        var moved: [Usage: String] = [:]
        for change in changes {
            for item in change.usages { moved[item.usage] = item.target }
        }
        migration.verification = Verification.compare(before: before, after: after.references, moved: moved)
        if migration.isOffered, request.createBranches {
            let reference = request.reference(for: branch)
            try repository.setReference(reference, to: newCommit)
            migration.createdBranch = String(reference.dropFirst("refs/heads/".count))
        }
        return migration
    }

    /// A note when the inventory's references of the commit are not those of this scan.
    static func difference(stored: [Reference], scanned: [Reference]) -> String? {
        func key(_ reference: Reference) -> String {
            "\(reference.path):\(reference.line) \(reference.kind) \(reference.image ?? "-")"
        }
        let old = stored.map(key).sorted(), new = scanned.map(key).sorted()
        guard old != new else { return nil }
        return "the inventory holds \(old.count) reference\(old.count == 1 ? "" : "s") for this commit and this census finds "
            + "\(new.count), some different (a crawl by another census version?); the plan follows this census's scan, "
            + "and a new crawl aligns the inventory"
    }

    private func blob(of candidate: CandidateFile) throws -> [UInt8]? {
        guard candidate.entry == .file, let hex = candidate.blobID, let id = ObjectID(hex: hex) else { return nil }
        switch try repository.readBlob(id, maxSize: Extractors.maxFileSize) {
        case .bytes(let bytes): return bytes
        case .tooLarge: return nil
        }
    }
}
