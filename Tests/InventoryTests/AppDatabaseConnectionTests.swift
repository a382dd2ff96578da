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
}
