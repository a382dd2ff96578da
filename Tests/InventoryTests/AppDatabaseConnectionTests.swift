import CSQLiteSetup
import XCTest
@testable import Inventory

final class AppDatabaseConnectionTests: XCTestCase {
    /// The writer keeps savepoint journals in memory and writes the log back only when it is large.
    func testTheWritersConnectionKeepsTemporaryDataInMemoryAndALargeLog() throws {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let database = try AppDatabase(path: path)
        let (tempStore, checkpointPages) = try database.write("reading the connection's settings") { db in
            (try Int.fetchOne(db, sql: "PRAGMA temp_store"), try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint"))
        }
        XCTAssertEqual(tempStore, 2, "temp_store = MEMORY")
        XCTAssertEqual(checkpointPages, AppDatabase.walCheckpointPages)
    }

    /// SQLite keeps no memory statistics: each allocation it makes took a process-wide mutex for them.
    /// The setting is tried before the first inventory opens; it takes only when nothing in the process
    /// started SQLite earlier (in a census process nothing does).
    func testSQLiteKeepsNoMemoryStatistics() throws {
        let database = try AppDatabase.inMemory()
        let result = try XCTUnwrap(SQLiteSetup.memoryStatisticsResult, "opening an inventory tries the setting")
        guard result == SQLITE_OK else {
            XCTAssertEqual(result, SQLITE_MISUSE)
            throw XCTSkip("something in this test process opened SQLite before any inventory")
        }
        try database.write("filling a table") { db in
            try db.execute(sql: "CREATE TEMP TABLE filler (text TEXT)")
            for _ in 0..<100 { try db.execute(sql: "INSERT INTO filler VALUES (?)", arguments: [String(repeating: "x", count: 1_000)]) }
        }
        XCTAssertEqual(sqlite3_memory_used(), 0)
    }
}
