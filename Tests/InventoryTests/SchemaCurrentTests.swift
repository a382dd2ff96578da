import Foundation
import GRDB
@testable import Inventory
import XCTest

/// A new database is created from `Schema.current` in one go; it must be exactly what the migrations
/// build one by one, so that a database made either way reads, upgrades and merges the same.
final class SchemaCurrentTests: XCTestCase {
    func testANewDatabaseHasExactlyTheSchemaTheMigrationsBuild() throws {
        let folder = try Fixtures.scratchDirectory(for: self)
        let created = try AppDatabase(path: folder.appendingPathComponent("created.sqlite").path)
        let migrated = try DatabaseQueue(path: folder.appendingPathComponent("migrated.sqlite").path)
        try AppDatabase.migrator.migrate(migrated)

        let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        let expected = try migrated.read { db in try Row.fetchAll(db, sql: schema) }
        let script = try migrated.read { db in
            try String.fetchAll(db, sql: """
                SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL AND name <> 'sqlite_sequence' ORDER BY rowid
                """).joined(separator: "\n")
        }
        XCTAssertEqual(try created.writer.read { db in try Row.fetchAll(db, sql: schema) }, expected,
                       "Schema.current is not what the migrations build; its script is now:\n\(script)")
        XCTAssertEqual(Schema.current, script, "the script in the order the migrations create it")

        // The rows the migrations insert: every migration applied, and an identity of its own.
        XCTAssertEqual(try created.column("SELECT identifier FROM grdb_migrations ORDER BY rowid"),
                       AppDatabase.migrator.migrations)
        let identities = try created.column("SELECT id FROM inventory_identity")
        XCTAssertEqual(identities.count, 1)
        XCTAssertEqual(identities.first??.count, 36, "a UUID")
        XCTAssertEqual(try migrated.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM inventory_identity") }, 1)
    }

    /// A database that already holds a census inventory is upgraded by the migrations, never recreated.
    func testAnExistingDatabaseIsLeftToTheMigrations() throws {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let identity: String?
        do {
            let database = try AppDatabase(path: path)
            _ = try database.startRun(at: Fixtures.day1)
            identity = try database.column("SELECT id FROM inventory_identity").first ?? nil
        }
        let reopened = try AppDatabase(path: path)
        XCTAssertEqual(try reopened.latestRuns(limit: 5).map(\.id), [1])
        XCTAssertEqual(try reopened.column("SELECT id FROM inventory_identity"), [identity])
    }
}
