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
        return migrator
    }

    /// Applies the migrations this database lacks; refuses databases from a newer census.
    func migrate() throws {
        let migrator = Self.migrator
        do {
            let unknown = try writer.read { db in
                try migrator.appliedIdentifiers(db).subtracting(Set(migrator.migrations))
            }
            if !unknown.isEmpty {
                throw InventoryError.newerSchema(path: path, unknownMigrations: unknown.sorted())
            }
            try migrator.migrate(writer)
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CANTOPEN {
                throw InventoryError.cannotOpen(path: path, reason: Self.describe(error))
            }
            throw InventoryError.migrationFailed(path: path, reason: Self.describe(error))
        }
    }
}
