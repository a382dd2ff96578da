import Foundation
import GRDB

/// The census inventory: one SQLite database holding every run, repository, branch scan and the
/// references of every scanned commit (docs/schema.md).
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

    /// Opens (creating when missing) the database at `path` and brings its schema up to date. A file
    /// that holds something other than a census inventory is refused before anything is written.
    public init(path: String) throws {
        if let tables = try Self.foreignTables(path: path) {
            throw InventoryError.notAnInventory(path: path, tables: tables)
        }
        try self.init(path: path, writer: try Self.openPool(path: path), readOnlyLocation: .file(path))
    }

    /// Opens an existing inventory to read it: nothing is created, migrated or changed. A missing
    /// file, a file that is not a census inventory, or one at an older or newer schema is refused
    /// with what to do about it.
    public static func openForReading(path: String) throws -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else { throw InventoryError.noInventory(path: path) }
        let queue = try openReadOnlyQueue(path: path)
        switch try schemaState(of: queue, path: path) {
        case .notAnInventory(let tables):
            throw InventoryError.notAnInventory(path: path, tables: tables)
        case .inventory(let applied):
            let known = migrator.migrations
            let unknown = applied.subtracting(known)
            if !unknown.isEmpty { throw InventoryError.newerSchema(path: path, unknownMigrations: unknown.sorted()) }
            if let missing = known.first(where: { !applied.contains($0) }) {
                throw InventoryError.olderSchema(path: path, missing: missing)
            }
        }
        return AppDatabase(path: path, reader: queue)
    }

    /// What a database file holds.
    enum SchemaState {
        /// Tables of something else (or none at all).
        case notAnInventory(tables: [String])
        /// A census inventory with these migrations applied.
        case inventory(applied: Set<String>)
    }

    static func schemaState(of reader: any DatabaseReader, path: String) throws -> SchemaState {
        do {
            return try reader.read { db in
                let tables = try tableNames(db)
                guard tables.contains("grdb_migrations"),
                      case let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")),
                      applied.contains("v1-inventory") else {
                    return .notAnInventory(tables: tables)
                }
                return .inventory(applied: applied)
            }
        } catch let error as DatabaseError {
            throw openFailure(error, path: path)
        }
    }

    /// Opens the writer's pool. Turning a new file to WAL mode needs the file to itself, and SQLite
    /// does not wait for that: while another process opens the same new file, the open is tried again
    /// for up to two seconds.
    private static func openPool(path: String) throws -> DatabasePool {
        var attemptsLeft = 40
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration(readonly: false))
            } catch let error as DatabaseError
                        where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode.primaryResultCode) && attemptsLeft > 1 {
                attemptsLeft -= 1
                Thread.sleep(forTimeInterval: 0.05)
            } catch let error as DatabaseError {
                throw openFailure(error, path: path)
            }
        }
    }

    /// The tables of the file at `path` when it is an SQLite database of something else; nil when it
    /// is missing, empty, an inventory, or busy being created by another census process (whose
    /// migrations then decide).
    private static func foreignTables(path: String) throws -> [String]? {
        guard let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0 else {
            return nil
        }
        do {
            let look = try DatabaseQueue(path: path, configuration: configuration(readonly: true))
            defer { try? look.close() }
            let tables = try look.read(tableNames)
            return tables.isEmpty || tables.contains("grdb_migrations") ? nil : tables
        } catch let error as DatabaseError
                    where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode.primaryResultCode) {
            return nil
        } catch let error as DatabaseError {
            throw openFailure(error, path: path)
        }
    }

    /// The database's own tables, by name.
    private static func tableNames(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """)
    }

    static func openReadOnlyQueue(path: String) throws -> DatabaseQueue {
        do {
            return try DatabaseQueue(path: path, configuration: configuration(readonly: true))
        } catch let error as DatabaseError {
            throw openFailure(error, path: path)
        }
    }

    /// An inventory read through `reader` alone, with no migration.
    private init(path: String, reader: DatabaseQueue) {
        self.path = path
        self.writer = reader
        self.readOnlyLocation = .file(path)
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

    /// Pages the write-ahead log may hold (about 16 MiB) before a commit writes it back into the file.
    /// SQLite's 1,000 made a cold crawl's writer wait on the disk every few transactions; 16,000 left
    /// up to 62 MiB to write back and sync when the crawl closed the database, on its critical path.
    /// Since release branches are stored as their differences, a cold bench crawl writes about 22,000
    /// log pages: 2,000 and 4,000 both crawl it 3–4% faster than 16,000, and 4,000 syncs less often.
    static let walCheckpointPages = 4_000

    static func configuration(readonly: Bool) -> Configuration {
        SQLiteSetup.applied
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
            configuration.prepareDatabase { db in
                // A crawl commits often: the log is written back every `walCheckpointPages` pages.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(walCheckpointPages)")
                // Each branch of a crawl is recorded in a savepoint, whose journal of changed pages went to
                // a temporary file: 58,000 page writes of a cold bench crawl. It stays in memory instead.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
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
            throw Self.openFailure(error, path: path)
        }
    }

    /// The error for a database file SQLite could not open: a file that is not an SQLite database
    /// (damaged, or another kind of file) and a folder are named as such; anything else with SQLite's
    /// reason and, when the folder is missing, that.
    static func openFailure(_ error: DatabaseError, path: String) -> InventoryError {
        if error.resultCode.primaryResultCode == .SQLITE_NOTADB { return .notADatabase(path: path) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return .cannotOpen(path: path, reason: "it is a folder; give the database file")
        }
        let message = describe(error, at: path)
        if error.resultCode == .SQLITE_CANTOPEN {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                return .cannotOpen(path: path, reason: "\(message) (folder \(folder) does not exist)")
            }
            return .cannotOpen(path: path, reason: "\(message) (check that the file and its folder can be read and written)")
        }
        return .cannotOpen(path: path, reason: message)
    }

    /// Leaves the whole inventory in the database file at `path`: everything the write-ahead log holds
    /// is copied into the file, and the file goes back to SQLite's rollback journal, so it can be copied
    /// alone (what a CI job that uploads the database does) and readers create no `-wal`/`-shm` files
    /// next to it. The next writer turns write-ahead logging on again. When another process still has
    /// the database open, the log is emptied as far as it allows and the file stays in WAL mode.
    public static func leaveWhole(path: String) throws {
        // A folder is no database: there is nothing to write back, and the command's own error says so.
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return }
        do {
            var configuration = Configuration()
            // A report reading the database may hold it for a moment; past that, it stays in WAL mode.
            configuration.busyMode = .timeout(5)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                _ = try db.checkpoint(.truncate)
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            try queue.close()
        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_BUSY
                                                    || error.resultCode.primaryResultCode == .SQLITE_LOCKED {
            return
        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_NOTADB {
            // Not a database at all: there is no log to write back, and the command's own error says so.
            return
        } catch let error as DatabaseError {
            throw InventoryError.storage(path: path, operation: "writing the log into the database file",
                                         reason: describe(error, at: path))
        }
    }

    /// Bytes the inventory's pages hold, free pages left out: `(page_count - freelist_count) × page_size`.
    /// Call once the database is whole (`leaveWhole`): pages still in the write-ahead log are not counted.
    public func usedBytes() throws -> Int64 {
        try read("measuring the database") { db in
            let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let size = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return (pages - free) * size
        }
    }

    // MARK: Transactions

    /// Runs `body` as one immediate write transaction, naming `operation` in any error.
    func write<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                try Self.inImmediateTransaction(db, path: path, operation: operation(), body)
            }
        } catch let error as DatabaseError {
            throw InventoryError.storage(path: path, operation: operation(), reason: Self.describe(error, at: path))
        }
    }

    /// `write(_:_:)` on the writer's own queue: the calling task waits without holding a thread, so a
    /// crawl's scan threads go on scanning while their records are written.
    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let path = path
        do {
            return try await writer.writeWithoutTransaction { db in
                try Self.inImmediateTransaction(db, path: path, operation: operation, body)
            }
        } catch let error as DatabaseError {
            throw InventoryError.storage(path: path, operation: operation, reason: Self.describe(error, at: path))
        }
    }

    /// `body` in one transaction. IMMEDIATE takes the write lock up front, so a second census process
    /// waits (busy timeout) instead of failing half-way with SQLITE_BUSY.
    private static func inImmediateTransaction<T>(_ db: Database, path: String, operation: @autoclosure () -> String,
                                                  _ body: (Database) throws -> T) throws -> T {
        var result: T?
        try db.inTransaction(.immediate) {
            result = try body(db)
            return .commit
        }
        guard let result else {
            throw InventoryError.storage(path: path, operation: operation(), reason: "the transaction produced no result")
        }
        return result
    }

    /// Queues `body` as one immediate write transaction on the writer's queue and returns at once.
    /// Writes queued before run first, and any later write of this database after it; an error rolls
    /// it back and is dropped (for cache writes, where it only costs a later miss).
    func writeInBackground(_ body: @escaping @Sendable (Database) throws -> Void) {
        writer.asyncWriteWithoutTransaction { db in
            try? db.inTransaction(.immediate) {
                try body(db)
                return .commit
            }
        }
    }

    /// Returns once every write queued before it (`writeInBackground(_:)`) has run.
    public func waitForQueuedWrites() {
        writer.writeWithoutTransaction { _ in }
    }

    /// Runs `body` against a consistent snapshot, naming `operation` in any error.
    func read<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try reader.read(body)
        } catch let error as DatabaseError {
            throw InventoryError.storage(path: path, operation: operation(), reason: Self.describe(error, at: path))
        }
    }

    /// SQLite's reason in words a user can act on: a full disk names the folder and what is free. Only a
    /// disk that is in fact (nearly) full is blamed; SQLITE_FULL from a page-count limit is not.
    static func describe(_ error: DatabaseError, at path: String) -> String {
        let message = error.message ?? error.resultCode.description
        let primary = error.resultCode.primaryResultCode
        guard primary == .SQLITE_FULL || primary == .SQLITE_IOERR || primary == .SQLITE_CANTOPEN,
              let space = DiskSpace(folderOf: path), space.isNearlyFull else {
            return message
        }
        return "the disk holding \(space.folder) is full (\(space.availableDescription) free): free space there "
            + "and run the command again (SQLite: \(message))"
    }
}
