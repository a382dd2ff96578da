import Foundation
import GRDB

extension AppDatabase {
    /// Runs one SQL statement on a separate read-only connection and returns every row (`census sql`).
    ///
    /// Writes are refused twice: statements SQLite does not consider read-only are rejected before
    /// they run, and the connection is opened `SQLITE_OPEN_READONLY`, so SQLite itself refuses any
    /// write that slipped through. Either way the error is `InventoryError.readOnly`.
    public func readOnlyQuery(sql: String, arguments: [QueryValue] = []) throws -> QueryResult {
        let connection = try openReadOnlyConnection()
        do {
            return try connection.read { db in
                let statement = try db.makeStatement(sql: sql)
                guard statement.isReadonly else {
                    throw InventoryError.readOnly(sql: sql, reason: "it is not a read-only statement")
                }
                try statement.setArguments(StatementArguments(arguments.map(\.databaseValue)))
                let columns = statement.columnNames
                var rows: [[QueryValue]] = []
                let cursor = try Row.fetchCursor(statement)
                while let row = try cursor.next() {
                    rows.append(row.databaseValues.map(QueryValue.init(databaseValue:)))
                }
                return QueryResult(columns: columns, rows: rows)
            }
        } catch let error as DatabaseError {
            let reason = Self.describe(error, at: path)
            switch error.resultCode {
            case .SQLITE_READONLY, .SQLITE_AUTH, .SQLITE_PERM:
                throw InventoryError.readOnly(sql: sql, reason: reason)
            default:
                throw InventoryError.invalidQuery(sql: sql, reason: reason)
            }
        }
    }
}

extension QueryValue {
    init(databaseValue: DatabaseValue) {
        switch databaseValue.storage {
        case .null: self = .null
        case .int64(let value): self = .integer(value)
        case .double(let value): self = .real(value)
        case .string(let value): self = .text(value)
        case .blob(let value): self = .blob(value)
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let value): return value.databaseValue
        case .real(let value): return value.databaseValue
        case .text(let value): return value.databaseValue
        case .blob(let value): return value.databaseValue
        }
    }
}
