import GRDB

extension AppDatabase {
    /// Every schema change, in order. A migration is never edited once shipped: a change to the
    /// schema is a new numbered migration appended here (`docs/schema.md` describes the result).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-inventory", migrate: Schema.v1Inventory)
        migrator.registerMigration("v2-policy", migrate: Schema.v2Policy)
        migrator.registerMigration("v3-report-views", migrate: Schema.v3ReportViews)
        migrator.registerMigration("v4-file-scans", migrate: Schema.v4FileScans)
        migrator.registerMigration("v5-run-outcomes", migrate: Schema.v5RunOutcomes)
        migrator.registerMigration("v6-image-lifecycle", migrate: Schema.v6ImageLifecycle)
        migrator.registerMigration("v7-image-usage-without-downloads", migrate: Schema.v7ImageUsageWithoutDownloads)
        migrator.registerMigration("v8-migration-changes", migrate: Schema.v8MigrationChanges)
        migrator.registerMigration("v9-shards", migrate: Schema.v9Shards)
        migrator.registerMigration("v10-catalog-sync-state", migrate: Schema.v10CatalogSyncState)
        migrator.registerMigration("v11-shared-findings", migrate: Schema.v11SharedFindings)
        migrator.registerMigration("v12-evaluation-reuse", migrate: Schema.v12EvaluationReuse)
        migrator.registerMigration("v13-commit-file-entries", migrate: Schema.v13CommitFileEntries)
        return migrator
    }

    /// Applies the migrations this database lacks; refuses databases from a newer census.
    ///
    /// Two census processes opening one new file at once both see migrations to apply; each migration
    /// is its own transaction, so the slower one fails on a table the other just created. When the
    /// applied migrations changed under a failed attempt, another process made progress and the
    /// attempt is repeated from there; a failure nobody else explains is reported.
    func migrate() throws {
        let migrator = Self.migrator
        var attemptsLeft = 8
        while true {
            let applied: Set<String>
            do {
                applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
            } catch let error as DatabaseError {
                throw migrationError(error)
            }
            let unknown = applied.subtracting(Set(migrator.migrations))
            if !unknown.isEmpty {
                throw InventoryError.newerSchema(path: path, unknownMigrations: unknown.sorted())
            }
            do {
                try migrator.migrate(writer)
                return
            } catch let error as DatabaseError {
                attemptsLeft -= 1
                let now = try? writer.read { db in try migrator.appliedIdentifiers(db) }
                guard attemptsLeft > 0, let now, now != applied else { throw migrationError(error) }
            }
        }
    }

    private func migrationError(_ error: DatabaseError) -> InventoryError {
        if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CANTOPEN {
            return InventoryError.cannotOpen(path: path, reason: Self.describe(error, at: path))
        }
        return InventoryError.migrationFailed(path: path, reason: Self.describe(error, at: path))
    }
}
