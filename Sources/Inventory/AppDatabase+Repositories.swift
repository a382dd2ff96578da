import GRDB

extension AppDatabase {
    /// Inserts a repository or updates its url, team and contact; returns its stable id.
    /// The url is stored redacted whatever the caller passes.
    public func upsertRepository(_ info: RepositoryInfo) throws -> Int64 {
        guard !info.name.isEmpty else {
            throw InventoryError.invalidRecord(operation: "repository \(RepositoryURL.redacted(info.url))",
                                               reason: "the repository name is empty")
        }
        return try write("storing repository \(info.name)") { db in
            try db.execute(sql: """
                INSERT INTO repository (name, url, team, contact) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE
                SET url = excluded.url, team = excluded.team, contact = excluded.contact
                """, arguments: [info.name, RepositoryURL.redacted(info.url), info.team, info.contact])
            // lastInsertedRowID is not updated by the UPDATE branch of an upsert.
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM repository WHERE name = ?",
                                               arguments: [info.name]) else {
                throw InventoryError.storage(path: path, operation: "storing repository \(info.name)",
                                             reason: "the row vanished right after it was written")
            }
            return id
        }
    }

    /// The name of every repository the inventory holds, sorted.
    public func repositoryNames() throws -> [String] {
        try read("listing repositories") { db in
            try String.fetchAll(db, sql: "SELECT name FROM repository ORDER BY name")
        }
    }

    /// Records how a repository was crawled in a run: a partial or failed one carries its error, and
    /// any scan may carry a `note` (a mirror that had to be repaired). Recording the same repository
    /// again in the same run replaces the earlier record.
    public func recordRepositoryScan(runID: Int64, repositoryID: Int64, status: RepositoryScanStatus,
                                     error: String?, note: String? = nil, duration: Duration) throws {
        let operation = "the scan of repository #\(repositoryID) in run #\(runID)"
        let storedError: String?
        switch status {
        case .ok:
            if let error {
                throw InventoryError.invalidRecord(operation: operation,
                                                   reason: "a successful scan carries no error, got: \(error)")
            }
            storedError = nil
        case .partial, .failed:
            guard let error, !error.isEmpty else {
                throw InventoryError.invalidRecord(operation: operation,
                                                   reason: "a \(status.rawValue) scan needs its error")
            }
            storedError = error
        }
        let milliseconds = max(0, duration.components.seconds * 1000
                                  + duration.components.attoseconds / 1_000_000_000_000_000)
        try write("recording \(operation)") { db in
            try db.execute(sql: """
                INSERT INTO repository_scan (run_id, repository_id, status, error, duration_ms, note)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, repository_id) DO UPDATE
                SET status = excluded.status, error = excluded.error, duration_ms = excluded.duration_ms,
                    note = excluded.note
                """, arguments: [runID, repositoryID, status.rawValue, storedError, milliseconds, note])
        }
    }
}
