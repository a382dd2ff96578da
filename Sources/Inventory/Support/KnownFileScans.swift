/// The file scans one transaction has stored or read (id → path and counts), so that a group of
/// commits sharing most of their files (a repository's release branches recorded together) reads
/// each shared file scan from the database once, not once per commit.
///
/// What a savepoint notes is kept only when the savepoint is kept (`keepNoted()`): a rolled-back
/// savepoint's file scans are not stored, and a later commit must not take them as stored.
final class KnownFileScans {
    struct Row: Equatable {
        var path: String
        var references: Int
        var warnings: Int
    }

    private var kept: [Int64: Row] = [:]
    private var noted: [Int64: Row] = [:]

    /// The row of file scan `id`, when this transaction stored or read it.
    subscript(id: Int64) -> Row? { noted[id] ?? kept[id] }

    /// Notes a file scan stored or read inside the current savepoint.
    func note(_ id: Int64, _ row: Row) { noted[id] = row }

    /// The current savepoint was kept: what it noted is known for the rest of the transaction.
    func keepNoted() {
        kept.merge(noted) { _, new in new }
        noted = [:]
    }

    /// The current savepoint was rolled back: forgets what it noted.
    func forgetNoted() { noted = [:] }
}
