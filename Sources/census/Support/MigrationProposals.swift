import Foundation
import Inventory
import Migration
import Reports

/// Wires `census migrate --push` to the reports: the compare page and pull-request text of each pushed
/// change, and the inventory's record of what was proposed.
enum MigrationProposals {
    /// The pull-request text of `migration`'s pushed change, owners from the branch's CODEOWNERS at the
    /// scanned commit, else the repository's team and contact from repos.txt.
    static func pullRequest(for migration: BranchMigration, pushedBranch: String, inventory: AppDatabase,
                            repository: RepositoryInfo?) throws -> PullRequestText {
        let codeowners = CodeOwners.select(from: try inventory.codeowners(repository: migration.repository,
                                                                           commit: migration.scannedCommit))
        let change = ProposedChange(
            repository: migration.repository, repositoryURL: migration.url, baseBranch: migration.branch,
            baseCommit: migration.scannedCommit, branch: pushedBranch,
            edits: migration.changes.map { change in
                let elsewhere = change.usages.map(\.usage).filter { $0.path != change.site.path || $0.line != change.site.line }
                return ProposedChange.Edit(location: .init(path: change.site.path, line: change.site.line), from: change.from,
                                           to: change.to,
                                           usages: elsewhere.sorted().map { .init(path: $0.path, line: $0.line) })
            },
            leftAlone: migration.leftAlone.map {
                ProposedChange.LeftAlone(location: .init(path: $0.path, line: $0.line), image: $0.image, reason: $0.reason)
            },
            codeowners: codeowners, team: repository?.team, contact: repository?.contact)
        return PullRequestText(change)
    }

    /// The compare page of a pushed branch, where the host is known.
    static func compareURL(for migration: BranchMigration, pushedBranch: String) -> String? {
        CompareLink.url(repositoryURL: migration.url, base: migration.branch, branch: pushedBranch)
    }

    /// The file name of a branch's pull-request text under `--out`.
    static func pullRequestFileName(for migration: BranchMigration) -> String {
        "pull-requests/\(MigrationRequest.refComponent(migration.repository))--\(MigrationRequest.refComponent(migration.branch)).md"
    }

    /// The inventory's record of a delivered change; nil when nothing was delivered (not offered, a refused
    /// push, or nothing written).
    static func record(of migration: BranchMigration, runID: Int64?, patchFile: String?, date: Date) -> MigrationChangeRecord? {
        guard migration.isOffered, let commit = migration.commit else { return nil }
        let pushed = migration.push?.isPushed ?? false
        if migration.push != nil, !pushed { return nil }
        guard pushed || migration.createdBranch != nil || patchFile != nil else { return nil }
        return MigrationChangeRecord(
            runID: runID, repository: migration.repository, branch: migration.branch,
            scannedCommit: migration.scannedCommit, newCommit: commit, proposedBranch: migration.createdBranch,
            pushed: pushed, patchFile: patchFile, createdAt: date,
            edits: migration.changes.map { change in
                MigrationChangeRecord.Edit(file: change.site.path, line: change.site.line, from: change.from, to: change.to,
                                           usages: change.usages.map(\.usage).sorted().map { .init(path: $0.path, line: $0.line) })
            })
    }
}
