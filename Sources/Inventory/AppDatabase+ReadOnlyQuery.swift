import Foundation
import GRDB
// GRDB keeps per-connection limits (`sqlite3_limit`) to itself; its SQLite module exposes them.
import GRDBSQLite

/// How long one read-only query may run and how much memory it may take (`census sql`).
public struct QueryLimits: Sendable, Equatable {
    /// Wall-clock seconds before the query is interrupted.
    public var seconds: Double
    /// Megabytes any single value, and all returned rows together, may take.
    public var megabytes: Int

    /// Creates limits.
    public init(seconds: Double, megabytes: Int) {
        self.seconds = seconds
        self.megabytes = megabytes
    }

    /// What `census sql` allows unless told otherwise: generous for any report query, yet a runaway
    /// recursive CTE or `randomblob(900000000)` stops with a message instead of hanging or swapping.
    public static let standard = QueryLimits(seconds: 30, megabytes: 512)

    var bytes: Int { megabytes.multipliedReportingOverflow(by: 1 << 20).partialValue }
}

extension AppDatabase {
    /// Runs one SQL statement on a separate read-only connection and returns every row (`census sql`).
    ///
    /// Writes are refused twice: statements SQLite does not consider read-only are rejected before
    /// they run, and the connection is opened `SQLITE_OPEN_READONLY`, so SQLite itself refuses any
    /// write that slipped through. Either way the error is `InventoryError.readOnly`.
    ///
    /// The query is bounded by `limits`: it is interrupted once it has run `limits.seconds`
    /// (`InventoryError.queryTimedOut`), and no single value nor the returned rows together may
    /// exceed `limits.megabytes` (`InventoryError.queryTooLarge`). Sorting and temporary tables
    /// spill to temporary files past SQLite's page cache, so they do not grow memory either.
    public func readOnlyQuery(sql: String, arguments: [QueryValue] = [],
                              limits: QueryLimits = .standard) throws -> QueryResult {
        let connection = try openReadOnlyConnection()
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + limits.seconds)
        // DatabaseQueue.interrupt is documented safe from any thread; the running step then fails
        // with SQLITE_INTERRUPT. Nothing else interrupts this private connection, so that code
        // always means the time limit.
        timer.setEventHandler { connection.interrupt() }
        timer.resume()
        defer { timer.cancel() }
        do {
            return try connection.read { db in
                // Also bounds the length of every string, blob and row SQLite builds on the way.
                sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, Int32(clamping: limits.bytes))
                let statement = try Self.singleStatement(sql, in: db)
                guard statement.isReadonly else {
                    throw InventoryError.readOnly(sql: sql, reason: "it is not a read-only statement")
                }
                try statement.setArguments(StatementArguments(arguments.map(\.databaseValue)))
                let columns = statement.columnNames
                var rows: [[QueryValue]] = []
                var size = 0
                let cursor = try Row.fetchCursor(statement)
                while let row = try cursor.next() {
                    let values = Array(row.databaseValues.map(QueryValue.init(databaseValue:)))
                    size += values.reduce(0) { $0 + $1.approximateSize }
                    guard size <= limits.bytes else {
                        throw InventoryError.queryTooLarge(sql: sql, megabytes: limits.megabytes)
                    }
                    rows.append(values)
                }
                return QueryResult(columns: columns, rows: rows)
            }
        } catch let error as DatabaseError {
            let reason = Self.describe(error, at: path)
            switch error.resultCode {
            case .SQLITE_READONLY, .SQLITE_AUTH, .SQLITE_PERM:
                throw InventoryError.readOnly(sql: sql, reason: reason)
            case .SQLITE_INTERRUPT:
                throw InventoryError.queryTimedOut(sql: sql, seconds: limits.seconds)
            case .SQLITE_TOOBIG, .SQLITE_NOMEM:
                throw InventoryError.queryTooLarge(sql: sql, megabytes: limits.megabytes)
            default:
                throw InventoryError.invalidQuery(sql: sql, reason: reason)
            }
        }
    }
}

extension AppDatabase {
    /// The one statement `sql` holds; a query holding none or several is refused in the user's terms
    /// (anything after the first statement counts, even text that would not compile).
    private static func singleStatement(_ sql: String, in db: Database) throws -> Statement {
        let statements = try db.allStatements(sql: sql)
        guard let statement = try statements.next() else { throw InventoryError.emptyQuery }
        let another: Bool
        do { another = try statements.next() != nil } catch { another = true }
        if another { throw InventoryError.severalStatements(sql: sql) }
        return statement
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

    /// Bytes the value takes in a result, counted against `QueryLimits.megabytes`.
    var approximateSize: Int {
        switch self {
        case .null, .integer, .real: return 8
        case .text(let value): return value.utf8.count + 16
        case .blob(let value): return value.count + 16
        }
    }
}
