import Foundation
import GRDB
@testable import Inventory
import XCTest

/// The `v9-shards` migration over a database written by the `v5-run-outcomes` schema.
final class SchemaShardsTests: XCTestCase {
    private func migrated(from identifier: String, rows: String) throws -> (path: String, database: AppDatabase) {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(queue, upTo: identifier)
        try queue.write { db in try db.execute(sql: rows) }
        try queue.close()
        return (path, try AppDatabase(path: path))
    }

    func testEarlierRunsCoverNoShardAndTheInventoryGetsOneIdentityThatCopiesKeep() throws {
        let (path, database) = try migrated(from: "v5-run-outcomes", rows: """
            INSERT INTO run (id, started_at, finished_at, status, repositories_total, repositories_failed) VALUES
              (1, '2026-01-05 08:00:00.000', '2026-01-05 09:00:00.000', 'ok', 0, 0);
            """)
        XCTAssertEqual(try database.column("SELECT COALESCE(shard, 'none') FROM run"), ["none"])
        let identity = try database.inventoryIdentity()
        XCTAssertEqual(identity.count, 36, identity)
        XCTAssertEqual(identity, identity.lowercased())
        XCTAssertEqual(try database.column("SELECT COUNT(*) FROM merged_shard"), ["0"])

        let copy = path + "-copy.sqlite"
        try AppDatabase.leaveWhole(path: path)
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        XCTAssertEqual(try AppDatabase.openForReading(path: copy).inventoryIdentity(), identity)
        let other = try AppDatabase(path: path + "-other.sqlite")
        XCTAssertNotEqual(try other.inventoryIdentity(), identity, "every new inventory has its own")
    }
}
