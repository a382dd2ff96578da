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
    var scanner = SnapshotScanner(cache: nil)

    func migrate(repositoryName: String, url: String, branch: String, scannedCommit: ObjectID) throws -> BranchMigration {
        let commit = try repository.commitInfo(scannedCommit)
        let snapshot = try scanner.scanFiles(GitTreeSource(repository: repository, tree: commit.tree))
        let before = snapshot.allReferences
        let trace = DefinitionTrace.trace(
            files: snapshot.facts, references: before,
            target: { request.selection.target(for: $0, repository: repositoryName, branch: branch) },
            mentions: { request.selection.mentions(unresolved: $0) })

        // Sites whose text cannot be placed exactly are refused; refusing one may hold back others that
        // feed the same usages, so decide again until nothing new is refused.
        var refused: [DefinitionSite: String] = [:]
        var decision = trace.decide()
        var files: [String: FileEditor.Outcome] = [:]
        var originals: [String: [UInt8]] = [:]
        while true {
            files = [:]
            var newlyRefused: [DefinitionSite: String] = [:]
            let byPath = Dictionary(grouping: decision.changes, by: \.site.path)
            for (path, changes) in byPath {
                guard let candidate = snapshot.candidates[path], let kind = candidate.kind,
                      let facts = snapshot.facts[path], let bytes = try blob(of: candidate) else {
                    for change in changes { newlyRefused[change.site] = "\(change.site.location) cannot be read from the mirror" }
                    continue
                }
                originals[path] = bytes
                let editor = FileEditor(path: path, kind: kind, bytes: bytes, facts: facts)
                let outcome = editor.rewrite(changes, inert: decision.inertSites.filter { $0.path == path })
                files[path] = outcome
                newlyRefused.merge(outcome.refused) { old, _ in old }
            }
            let fresh = newlyRefused.filter { refused[$0.key] == nil }
            if fresh.isEmpty { break }
            refused.merge(fresh) { old, _ in old }
            decision = trace.decide(refused: refused)
        }

        let changes = decision.changes
        var fileChanges: [FileChange] = []
        var replacements: [String: [UInt8]] = [:]
        for path in files.keys.sorted() {
            guard let outcome = files[path], let edited = outcome.edited, let original = originals[path] else { continue }
            replacements[path] = edited
            fileChanges.append(FileChange(path: path, edits: outcome.edits,
                                          diff: UnifiedDiff.make(path: path, old: original, new: edited)))
        }
        let message = MigrationMessage.make(request: request, changes: changes, leftAlone: decision.leftAlone)
        var migration = BranchMigration(
            repository: repositoryName, url: url, branch: branch, scannedCommit: scannedCommit.hex, changes: changes,
            leftAlone: decision.leftAlone, files: fileChanges, commit: nil, createdBranch: nil, message: message,
            verification: .notRun, problem: nil)
        guard !replacements.isEmpty else { return migration }

        let newCommit = try repository.commit(replacing: replacements, after: scannedCommit, message: message,
                                              author: request.author, date: request.date)
        migration.commit = newCommit.hex
        let after = try scanner.scan(GitTreeSource(repository: repository, tree: try repository.commitInfo(newCommit).tree))
        var moved: [Usage: String] = [:]
        for change in changes {
            for usage in change.usages { moved[usage] = change.to }
        }
        migration.verification = Verification.compare(before: before, after: after.references, moved: moved)
        if migration.isOffered, request.createBranches {
            let reference = request.reference(for: branch)
            try repository.setReference(reference, to: newCommit)
            migration.createdBranch = String(reference.dropFirst("refs/heads/".count))
        }
        return migration
    }

    private func blob(of candidate: CandidateFile) throws -> [UInt8]? {
        guard candidate.entry == .file, let hex = candidate.blobID, let id = ObjectID(hex: hex) else { return nil }
        switch try repository.readBlob(id, maxSize: Extractors.maxFileSize) {
        case .bytes(let bytes): return bytes
        case .tooLarge: return nil
        }
    }
}
