import Foundation
import Inventory
import XCTest

final class AppDatabaseReadOnlyQueryTests: XCTestCase {
    func makeDiskFleet() throws -> Fleet {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        return try Fleet(AppDatabase(path: path))
    }

    func testASelectReturnsColumnsAndRowsWithBoundArguments() throws {
        let fleet = try makeDiskFleet()
        let result = try fleet.database.readOnlyQuery(
            sql: "SELECT name, team, contact, 1.5 AS ratio, x'00ff' AS bytes FROM repository WHERE name = ?",
            arguments: [.text("dotnet/runtime")])
        XCTAssertEqual(result.columns, ["name", "team", "contact", "ratio", "bytes"])
        XCTAssertEqual(result.rows, [[.text("dotnet/runtime"), .text("runtime"), .null, .real(1.5),
                                      .blob(Data([0x00, 0xff]))]])
        XCTAssertEqual(result.rows.first?.map(\.text), ["dotnet/runtime", "runtime", nil, "1.5", "x'00ff'"])
    }

    func testInsertIsRefusedAsReadOnly() throws {
        assertRefused("INSERT INTO run (started_at) VALUES ('2026-01-01')", in: try makeDiskFleet())
    }

    func testDropIsRefusedAsReadOnly() throws {
        let fleet = try makeDiskFleet()
        // `reference` is a view since v4-file-scans; its rows live in `file_reference`.
        assertRefused("DROP TABLE file_reference", in: fleet)
        XCTAssertEqual(try fleet.column("SELECT count(*) FROM reference"), ["0"])
    }

    func testVacuumIntoAnotherFileIsRefused() throws {
        let fleet = try makeDiskFleet()
        let copy = try Fixtures.scratchDirectory(for: self).appendingPathComponent("copy.sqlite").path
        assertRefused("VACUUM INTO '\(copy)'", in: fleet)
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy))
    }

    func testWritesAreRefusedOnInMemoryDatabasesToo() throws {
        assertRefused("DELETE FROM repository", in: try Fleet(AppDatabase.inMemory()))
    }

    func testTheRefusalMessageSaysQueriesAreReadOnly() throws {
        let fleet = try makeDiskFleet()
        XCTAssertThrowsError(try fleet.database.readOnlyQuery(sql: "DELETE FROM repository")) { error in
            XCTAssertTrue("\(error)".hasPrefix("refused: queries are read-only"), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix(": DELETE FROM repository"), "\(error)")
        }
    }

    func testSeveralStatementsAreRefusedAsSuchEvenWhenTheRestWouldNotCompile() throws {
        let fleet = try makeDiskFleet()
        for sql in ["SELECT 1; SELECT 2", "SELECT 1; DELETE FROM nowhere", "SELECT 1; garbage"] {
            XCTAssertThrowsError(try fleet.database.readOnlyQuery(sql: sql)) { error in
                XCTAssertEqual(error as? InventoryError, .severalStatements(sql: sql))
            }
        }
        // A trailing semicolon or comment is no second statement.
        XCTAssertEqual(try fleet.database.readOnlyQuery(sql: "SELECT 1; -- done").rows.count, 1)
        XCTAssertThrowsError(try fleet.database.readOnlyQuery(sql: "  -- nothing")) { error in
            XCTAssertEqual(error as? InventoryError, .emptyQuery)
        }
    }

    func testSyntaxErrorsAndUnknownTablesAreInvalidQueries() throws {
        let fleet = try makeDiskFleet()
        for sql in ["SELEC 1", "SELECT * FROM findings"] {
            XCTAssertThrowsError(try fleet.database.readOnlyQuery(sql: sql)) { error in
                guard case InventoryError.invalidQuery(let failed, _) = error else {
                    return XCTFail("\(sql): unexpected error \(error)")
                }
                XCTAssertEqual(failed, sql)
            }
        }
    }

    func testAWrongNumberOfArgumentsIsAnInvalidQuery() throws {
        let fleet = try makeDiskFleet()
        XCTAssertThrowsError(try fleet.database.readOnlyQuery(sql: "SELECT ?, ?", arguments: [.integer(1)])) { error in
            guard case InventoryError.invalidQuery = error else { return XCTFail("unexpected error \(error)") }
        }
    }

    func testAttachingANewFileFailsAndCreatesNothing() throws {
        let fleet = try makeDiskFleet()
        let other = try Fixtures.scratchDirectory(for: self).appendingPathComponent("other.sqlite").path
        XCTAssertThrowsError(try fleet.database.readOnlyQuery(sql: "ATTACH DATABASE '\(other)' AS other"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: other))
    }

    private func assertRefused(_ sql: String, in fleet: Fleet, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try fleet.database.readOnlyQuery(sql: sql), file: file, line: line) { error in
            guard case InventoryError.readOnly(let refused, _) = error else {
                return XCTFail("unexpected error \(error)", file: file, line: line)
            }
            XCTAssertEqual(refused, sql, file: file, line: line)
        }
    }
}

final class AppDatabaseReadOnlyQueryLimitTests: XCTestCase {
    private let tight = QueryLimits(seconds: 0.2, megabytes: 1)

    private func makeDatabase() throws -> AppDatabase {
        try AppDatabase(path: try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path)
    }

    func testARecursiveQueryThatNeverEndsIsStoppedWithTheTimeLimitError() throws {
        let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        XCTAssertThrowsError(try makeDatabase().readOnlyQuery(sql: sql, limits: tight)) { error in
            XCTAssertEqual(error as? InventoryError, .queryTimedOut(sql: sql, seconds: 0.2))
            XCTAssertTrue("\(error)".hasPrefix("the query ran longer than 0.2 s and was stopped"), "\(error)")
        }
    }

    func testAValueLargerThanTheMemoryLimitIsRefusedWithTheMemoryError() throws {
        let sql = "SELECT length(randomblob(2000000))"
        XCTAssertThrowsError(try makeDatabase().readOnlyQuery(sql: sql, limits: tight)) { error in
            XCTAssertEqual(error as? InventoryError, .queryTooLarge(sql: sql, megabytes: 1))
            XCTAssertTrue("\(error)".hasPrefix("the query needed more than 1 MB and was stopped"), "\(error)")
        }
    }

    func testRowsThatTogetherExceedTheMemoryLimitAreRefusedWithTheMemoryError() throws {
        let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT randomblob(1000) FROM n"
        XCTAssertThrowsError(try makeDatabase().readOnlyQuery(sql: sql, limits: tight)) { error in
            XCTAssertEqual(error as? InventoryError, .queryTooLarge(sql: sql, megabytes: 1))
        }
    }

    func testAQueryWithinItsLimitsAnswers() throws {
        let result = try makeDatabase().readOnlyQuery(sql: "SELECT length(randomblob(500000)) AS n", limits: tight)
        XCTAssertEqual(result.rows, [[.integer(500_000)]])
    }
}
