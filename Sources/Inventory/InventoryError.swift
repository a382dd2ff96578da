/// Everything that can go wrong reading or writing the inventory database, with what to do about it.
public enum InventoryError: Error, CustomStringConvertible, Equatable {
    /// The database file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The file is not an SQLite database: damaged, or another kind of file.
    case notADatabase(path: String)
    /// A command that only reads was pointed at a file that does not exist.
    case noInventory(path: String)
    /// The file is an SQLite database of something else; census neither reads nor writes it.
    case notAnInventory(path: String, tables: [String])
    /// A command that only reads found an inventory an older census wrote; a writing command upgrades it.
    case olderSchema(path: String, missing: String)
    /// The database was written by a newer census whose migrations this build does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// A schema migration failed; the database is left as it was before the migration.
    case migrationFailed(path: String, reason: String)
    /// SQLite refused a read or write (disk full, file locked for too long, constraint violated, …).
    case storage(path: String, operation: String, reason: String)
    /// A caller handed over a record that cannot be stored as given.
    case invalidRecord(operation: String, reason: String)
    /// A branch scan shares the references of a commit that was never stored and brought none.
    case commitNotStored(repositoryID: Int64, commit: String)
    /// Another census process is writing the database (a crawl or a catalog sync); `holder` says who.
    case locked(path: String, holder: String?)
    /// `census merge` refused its shard inventories (mixed census versions or policies, a run still
    /// running, one repository in two shards…); `reason` names the files and what to do.
    case mergeRefused(reason: String)
    /// A read-only query tried to change the database.
    case readOnly(sql: String, reason: String)
    /// A read-only query is not valid SQL, names something that does not exist, or has wrong arguments.
    case invalidQuery(sql: String, reason: String)
    /// A read-only query holds no statement at all.
    case emptyQuery
    /// A read-only query holds more than one statement.
    case severalStatements(sql: String)
    /// A read-only query ran past its time limit and was stopped.
    case queryTimedOut(sql: String, seconds: Double)
    /// A read-only query built a value, or returned rows, larger than its memory limit.
    case queryTooLarge(sql: String, megabytes: Int)

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open inventory database \(path): \(reason)"
        case .notADatabase(let path):
            return "\(path) is not an SQLite database (it is damaged, or another kind of file): pass the inventory "
                + "with --db, or move this file aside and run `census crawl` to start a new inventory"
        case .noInventory(let path):
            return "no inventory at \(path): run `census crawl` first or pass --db"
        case .notAnInventory(let path, let tables):
            let list = tables.prefix(8).joined(separator: ", ") + (tables.count > 8 ? ", …" : "")
            return "\(path) is not a census inventory: "
                + (tables.isEmpty ? "it has no tables" : "it has tables \(list)")
                + "; pass the inventory with --db (census leaves this file as it is)"
        case .olderSchema(let path, let missing):
            return "inventory database \(path) was written by an older census (it lacks the \(missing) migration); "
                + "run `census crawl --db \(path)` (or `census catalog sync --db \(path)`) once to upgrade it"
        case .newerSchema(let path, let unknown):
            return "inventory database \(path) was written by a newer census (unknown migrations: "
                + "\(unknown.joined(separator: ", "))); upgrade census or use another --db"
        case .migrationFailed(let path, let reason):
            return "cannot upgrade the schema of inventory database \(path): \(reason); "
                + "the database is unchanged"
        case .storage(let path, let operation, let reason):
            return "inventory database \(path): \(operation) failed: \(reason)"
        case .invalidRecord(let operation, let reason):
            return "cannot store \(operation): \(reason)"
        case .commitNotStored(let repositoryID, let commit):
            return "commit \(commit) of repository #\(repositoryID) has no stored references to share; "
                + "scan the commit and record it with its references"
        case .locked(let path, let holder):
            return "inventory database \(path) is being written by another census process"
                + (holder.map { ": \($0)" } ?? "")
                + "; wait for it to finish, or pass --wait to start when it has"
        case .mergeRefused(let reason):
            return "cannot merge: \(reason)"
        case .readOnly(let sql, let reason):
            return "refused: queries are read-only and this statement would change the database "
                + "(\(reason)): \(sql)"
        case .invalidQuery(let sql, let reason):
            return "invalid query: \(reason): \(sql)"
        case .emptyQuery:
            return "the query is empty: give one SQL statement, e.g. \"SELECT * FROM run\""
        case .severalStatements(let sql):
            return "the query holds more than one statement; census sql runs one statement at a time, so give "
                + "each its own census sql command: \(sql)"
        case .queryTimedOut(let sql, let seconds):
            let shown = seconds.rounded() == seconds ? "\(Int(seconds))" : "\(seconds)"
            return "the query ran longer than \(shown) s and was stopped (narrow it, or allow more with --timeout): \(sql)"
        case .queryTooLarge(let sql, let megabytes):
            return "the query needed more than \(megabytes) MB and was stopped (narrow it with WHERE or LIMIT, "
                + "or allow more with --memory-limit): \(sql)"
        }
    }
}
