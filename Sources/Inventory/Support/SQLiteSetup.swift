import CSQLiteSetup

/// Process-wide SQLite settings, applied once before the first connection is opened
/// (`AppDatabase.configuration(readonly:)` is on the way to every connection).
enum SQLiteSetup {
    /// Memory statistics off (`census_sqlite_disable_memory_statistics`): without them a cold crawl of
    /// the bench fleet used about 2% less CPU (docs/performance.md, "Cold extraction, twelfth look"). Once
    /// SQLite has started, the call is refused and its default stays: only slower, never wrong.
    static let applied: Void = { memoryStatisticsResult = census_sqlite_disable_memory_statistics() }()

    /// What SQLite answered: `SQLITE_OK`, or `SQLITE_MISUSE` when something in the process had
    /// started SQLite first; nil until `applied` ran.
    nonisolated(unsafe) private(set) static var memoryStatisticsResult: Int32?
}
