import Foundation
import GRDB

/// The census inventory: one SQLite database holding every run, repository, branch scan and the
/// references of every scanned commit (SPEC §6).
///
/// It owns a single writer. On disk that is a `DatabasePool` in WAL mode, so readers (reports,
/// `census sql`) never block a running crawl, and the crawler's threads may record concurrently: the
/// pool serializes writes. Every write method is one transaction, so an interrupted crawl keeps
/// everything it already recorded.
public struct AppDatabase: Sendable {
    /// Where the database lives; a `memory:` name for in-memory databases.
    public let path: String
    /// The one connection (pool or queue) every read and write goes through.
    let writer: any DatabaseWriter
    /// How `readOnlyQuery` reaches the same database through its own read-only connection.
    private let readOnlyLocation: ReadOnlyLocation

    enum ReadOnlyLocation: Sendable {
        case file(String)
        case sharedMemory(String)
    }

    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration(readonly: false))
        } catch let error as DatabaseError {
            throw InventoryError.cannotOpen(path: path, reason: Self.openFailureReason(error, path: path))
        }
        try self.init(path: path, writer: pool, readOnlyLocation: .file(path))
    }

    /// A fresh private in-memory database with the full schema, for tests and throwaway work.
    public static func inMemory() throws -> AppDatabase {
        // A named shared-cache database, so `readOnlyQuery` can open a second connection to it.
        let name = "census-\(UUID().uuidString)"
        let path = "memory:\(name)"
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(named: name, configuration: configuration(readonly: false))
        } catch let error as DatabaseError {
            throw InventoryError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
        return try AppDatabase(path: path, writer: queue, readOnlyLocation: .sharedMemory(name))
    }

    private init(path: String, writer: any DatabaseWriter, readOnlyLocation: ReadOnlyLocation) throws {
        self.path = path
        self.writer = writer
        self.readOnlyLocation = readOnlyLocation
        try migrate()
    }

    /// The connection reads go through (a WAL snapshot on disk, so it never waits for the crawl).
    var reader: any DatabaseReader { writer }

    static func configuration(readonly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.label = readonly ? "census.inventory.readonly" : "census.inventory"
        configuration.foreignKeysEnabled = true
        configuration.readonly = readonly
        // Another census process (a report while a crawl runs) may hold the write lock for a moment.
        configuration.busyMode = .timeout(30)
        if readonly {
            // SQLITE_OPEN_READONLY is not enforced on shared-cache in-memory databases; query_only is.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA query_only = ON")
            }
        } else {
            configuration.journalMode = .wal
        }
        return configuration
    }

    /// Opens a separate connection that SQLite itself keeps from writing (`SQLITE_OPEN_READONLY`).
    func openReadOnlyConnection() throws -> DatabaseQueue {
        do {
            switch readOnlyLocation {
            case .file(let file):
                return try DatabaseQueue(path: file, configuration: Self.configuration(readonly: true))
            case .sharedMemory(let name):
                return try DatabaseQueue(named: name, configuration: Self.configuration(readonly: true))
            }
        } catch let error as DatabaseError {
            throw InventoryError.cannotOpen(path: path, reason: Self.openFailureReason(error, path: path))
        }
    }

    private static func openFailureReason(_ error: DatabaseError, path: String) -> String {
        let message = describe(error, at: path)
        if error.resultCode == .SQLITE_CANTOPEN {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                return "\(message) (folder \(folder) does not exist)"
            }
        }
        if error.resultCode == .SQLITE_NOTADB {
            return "\(message) (the file is not an SQLite database)"
        }
        return message
    }

    /// Copies everything the write-ahead log holds into the database file and empties the log, so the
    /// file alone is the whole inventory (what a CI job that uploads the database copies). Writing
    /// commands call it before they return, also after a partial crawl.
    public func checkpointIntoDatabaseFile() throws {
        do {
            _ = try writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        } catch let error as DatabaseError {
            throw InventoryError.storage(path: path, operation: "writing the log into the database file",
                                         reason: Self.describe(error, at: path))
        }
    }

    // MARK: Transactions

    /// Runs `body` as one immediate write transaction, naming `operation` in any error.
    func write<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                var result: T?
                // IMMEDIATE takes the write lock up front, so a second census process waits
                // (busy timeout) instead of failing half-way with SQLITE_BUSY.
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else {
                    throw InventoryError.storage(path: path, operation: operation(),
                                                 reason: "the transaction produced no result")
                }
                return result
            }
        } catch let error as DatabaseError {
            throw InventoryError.storage(path: path, operation: operation(), reason: Self.describe(error, at: path))
        }
    }

    /// Runs `body` against a consistent snapshot, naming `operation` in any error.
    func read<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try reader.read(body)
        } catch let error as DatabaseError {
            throw InventoryError.storage(path: path, operation: operation(), reason: Self.describe(error, at: path))
        }
    }

    /// SQLite's reason in words a user can act on: a full disk names the folder and what is free.
    static func describe(_ error: DatabaseError, at path: String) -> String {
        let message = error.message ?? error.resultCode.description
        let primary = error.resultCode.primaryResultCode
        guard primary == .SQLITE_FULL || primary == .SQLITE_IOERR || primary == .SQLITE_CANTOPEN,
              let space = DiskSpace(folderOf: path), space.isNearlyFull || primary == .SQLITE_FULL else {
            return message
        }
        return "the disk holding \(space.folder) is full (\(space.availableDescription) free): free space there "
            + "and run the command again (SQLite: \(message))"
    }
}
