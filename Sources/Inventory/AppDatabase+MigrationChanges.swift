import Foundation
import GRDB

extension AppDatabase {
    /// Records the changes one `census migrate` proposed, in one transaction. A change of a repository
    /// the inventory does not know is refused.
    public func recordMigrationChanges(_ changes: [MigrationChangeRecord]) throws {
        guard !changes.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try write("recording \(changes.count) proposed migration change\(changes.count == 1 ? "" : "s")") { db in
            for change in changes {
                guard let repositoryID = try Int64.fetchOne(db, sql: "SELECT id FROM repository WHERE name = ?",
                                                            arguments: [change.repository]) else {
                    throw InventoryError.invalidRecord(operation: "recording a proposed migration change",
                                                       reason: "the inventory has no repository named \(change.repository)")
                }
                let edits = String(decoding: try encoder.encode(change.edits), as: UTF8.self)
                try db.execute(sql: """
                    INSERT INTO migration_change (run_id, repository_id, branch, scanned_commit, new_commit,
                      proposed_branch, pushed, patch_file, created_at, edits)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [change.runID, repositoryID, change.branch, change.scannedCommit.lowercased(),
                                     change.newCommit.lowercased(), change.proposedBranch, change.pushed, change.patchFile,
                                     change.createdAt, edits])
            }
        }
    }

    /// Every recorded change, oldest first (optionally of one repository).
    public func migrationChanges(repository: String? = nil) throws -> [MigrationChangeRecord] {
        let decoder = JSONDecoder()
        return try read("reading the proposed migration changes") { db in
            try Row.fetchAll(db, sql: """
                SELECT m.*, r.name AS repository FROM migration_change m JOIN repository r ON r.id = m.repository_id
                WHERE ? IS NULL OR r.name = ?
                ORDER BY m.id
                """, arguments: [repository, repository]).map { row in
                let edits: String = row["edits"]
                return MigrationChangeRecord(
                    runID: row["run_id"], repository: row["repository"], branch: row["branch"],
                    scannedCommit: row["scanned_commit"], newCommit: row["new_commit"],
                    proposedBranch: row["proposed_branch"], pushed: row["pushed"], patchFile: row["patch_file"],
                    createdAt: row["created_at"],
                    edits: (try? decoder.decode([MigrationChangeRecord.Edit].self, from: Data(edits.utf8))) ?? [])
            }
        }
    }
}
