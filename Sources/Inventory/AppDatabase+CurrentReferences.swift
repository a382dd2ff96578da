import Extraction
import GRDB

extension AppDatabase {
    /// The references of `current_references` that match `filter`, sorted by repository, branch,
    /// path and line.
    public func currentReferences(_ filter: ReferenceFilter = .all) throws -> [StoredReference] {
        try storedReferences(from: "current_references", filter, activity: "listing current references")
    }

    /// Calls `body` with each reference of `current_references` that matches `filter`, in the order of
    /// `currentReferences(_:)`, holding one at a time: a whole fleet's references need not fit in memory.
    public func forEachCurrentReference(_ filter: ReferenceFilter = .all,
                                        _ body: (StoredReference) throws -> Void) throws {
        try forEachStoredReference(from: "current_references", filter, activity: "listing current references", body)
    }

    /// Rows of a view shaped like `current_references` (`current_references`, `run_references`), filtered
    /// and sorted by repository, branch, path and line; `extra` adds conditions before the filter's.
    func storedReferences(from view: String, _ filter: ReferenceFilter,
                          extra: (condition: String, argument: DatabaseValueConvertible)? = nil,
                          activity: String) throws -> [StoredReference] {
        var references: [StoredReference] = []
        try forEachStoredReference(from: view, filter, extra: extra, activity: activity) { references.append($0) }
        return references
    }

    /// `storedReferences(from:_:extra:activity:)` one row at a time.
    func forEachStoredReference(from view: String, _ filter: ReferenceFilter,
                                extra: (condition: String, argument: DatabaseValueConvertible)? = nil,
                                activity: String, _ body: (StoredReference) throws -> Void) throws {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let extra {
            conditions.append(extra.condition)
            arguments += [extra.argument]
        }
        if let repository = filter.repository {
            conditions.append("repository = ?")
            arguments += [repository]
        }
        if let team = filter.team {
            conditions.append("team = ?")
            arguments += [team]
        }
        if let branch = filter.branch {
            conditions.append("branch GLOB ?")
            arguments += [branch]
        }
        if let image = filter.image {
            conditions.append("(normalized GLOB ? OR image GLOB ?)")
            arguments += [image, image]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT * FROM \(view) \(whereClause)
            ORDER BY repository, branch, path, line, kind, raw, reference_id
            """
        try read(activity) { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                try body(StoredReference(
                    repository: row["repository"], team: row["team"], contact: row["contact"],
                    branch: row["branch"], commitID: row["commit_id"], runID: row["run_id"],
                    stale: row["stale"],
                    reference: Reference(storedRow: row, repositoryColumn: "image_repository"),
                    referenceID: row["reference_id"]))
            }
        }
    }
}
