import Extraction
import GRDB

/// Storing a commit's files: each file's result (its references and warnings) is stored once as a
/// content-addressed `file_scan` and linked to every commit scan that has it (`docs/schema.md`).
extension AppDatabase {
    /// Stores a new commit scan for `scan` inside the caller's transaction: its new files (a file
    /// scan whose digest is stored already is reused, not written again), the shared ones, and its
    /// `commit_file_entry` rows: one per file, or, with a usable `scan.base`, one per path where it
    /// differs from the base (docs/schema.md). Returns the commit scan id and its files (path → file
    /// scan id). `known` holds the file scans the transaction has stored or read so far, and learns
    /// this one's.
    static func insertCommitScan(_ db: Database, scan: BranchScanRecord, commit: String,
                                 known: KnownFileScans) throws -> (id: Int64, files: [String: Int64]) {
        let references = scan.references ?? []
        let groups = FileGroups(references: references, warnings: scan.warnings)
        let shared = try fileScanTotals(db, scan.sharedFiles, of: scan, known: known)
        var totals = (references: references.count + shared.references, warnings: scan.warnings.count + shared.warnings)
        // The paths where the commit may differ from its base: all others have the base's file.
        let named = scan.baseFilesLeftOut.union(groups.paths).union(scan.sharedFiles.keys)
        var base: StoredCommitFiles?
        if let given = scan.base {
            guard let row = try baseRow(given, of: scan, db) else {
                throw InventoryError.invalidRecord(operation: describe(scan),
                                                   reason: "its base is not a stored commit scan of the same repository")
            }
            if row.whole { base = given }
            // The base's totals, less those of its files this commit leaves out or replaces.
            let taken = try fileScanTotals(db, Dictionary(uniqueKeysWithValues: named.compactMap { path in
                given.files[path].map { (path, $0) }
            }), of: scan, known: known)
            totals.references += row.references - taken.references
            totals.warnings += row.warnings - taken.warnings
        }
        try db.cachedStatement(sql: """
            INSERT INTO commit_scan (repository_id, commit_id, extraction_version, scanned_at,
                                     reference_count, warning_count, base_commit_scan_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [scan.repositoryID, commit, scan.extractionVersion, scan.scannedAt,
                                     totals.references, totals.warnings, base?.commitScanID])
        let commitScanID = db.lastInsertedRowID

        var files = scan.base?.files ?? [:]
        for path in scan.baseFilesLeftOut { files[path] = nil }
        files.merge(scan.sharedFiles) { _, shared in shared }
        for path in groups.paths {
            let group = groups.byPath[path] ?? FileGroups.Group()
            files[path] = try storeFileScan(db, path: path, known: known,
                                            references: group.references.lazy.map { references[$0] },
                                            warnings: group.warnings.lazy.map { scan.warnings[$0] })
        }
        let entries: [(path: String, fileScanID: Int64?)] = if let base {
            named.filter { files[$0] != base.files[$0] }.map { ($0, files[$0]) }
        } else {
            files.map { ($0.key, $0.value) }
        }
        if !entries.isEmpty {
            try db.cachedStatement(sql: """
                INSERT INTO commit_file_entry (commit_scan_id, path, file_scan_id)
                SELECT ?, key, value FROM json_each(?)
                """).execute(arguments: [commitScanID, jsonObject(entries)])
        }
        return (commitScanID, files)
    }

    /// Whether the commit scan `base` names is stored whole (so a commit can be stored as its difference
    /// from it: a base of a base would make reading a commit's files recursive), and its totals; nil
    /// when it is not a commit scan of the record's repository.
    private static func baseRow(_ base: StoredCommitFiles, of scan: BranchScanRecord,
                                _ db: Database) throws -> (whole: Bool, references: Int, warnings: Int)? {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT base_commit_scan_id IS NULL, reference_count, warning_count FROM commit_scan
            WHERE id = ? AND repository_id = ?
            """), arguments: [base.commitScanID, scan.repositoryID])
        return row.map { (whole: $0[0], references: $0[1], warnings: $0[2]) }
    }

    /// The id of the file scan of `path` with exactly these references and warnings: the stored one
    /// when its digest is known, else a new one written with its rows.
    private static func storeFileScan<References: Collection<Reference>, Warnings: Collection<FileWarning>>(
        _ db: Database, path: String, known: KnownFileScans, references: References, warnings: Warnings
    ) throws -> Int64 {
        let digest = FileScanDigest.digest(path: path, references: references, warnings: warnings)
        // The digest covers the references and warnings, so a stored scan of it has these counts too.
        let row = KnownFileScans.Row(path: path, references: references.count, warnings: warnings.count)
        try db.cachedStatement(sql: """
            INSERT INTO file_scan (path, digest, reference_count, warning_count) VALUES (?, ?, ?, ?)
            ON CONFLICT (path, digest) DO NOTHING
            """).execute(arguments: [path, digest, references.count, warnings.count])
        if db.changesCount == 0 {
            let select = try db.cachedStatement(sql: "SELECT id FROM file_scan WHERE path = ? AND digest = ?")
            guard let id = try Int64.fetchOne(select, arguments: [path, digest]) else {
                throw InventoryError.invalidRecord(operation: "file \(path)",
                                                   reason: "the file scan row could not be read back")
            }
            known.note(id, row)
            return id
        }
        let fileScanID = db.lastInsertedRowID
        known.note(fileScanID, row)
        if !references.isEmpty {
            let insert = try db.cachedStatement(sql: """
                INSERT INTO file_reference (file_scan_id, line, kind, context, raw, image, resolved, valid,
                                            normalized, registry, repository, tag, digest, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for reference in references {
                try insert.execute(arguments: [
                    fileScanID, reference.line, reference.kind, reference.context, reference.raw, reference.image,
                    reference.resolved, reference.valid, reference.normalized, reference.registry,
                    reference.repository, reference.tag, reference.digest, reference.reason,
                ])
            }
        }
        if !warnings.isEmpty {
            let insert = try db.cachedStatement(sql: """
                INSERT INTO file_warning (file_scan_id, line, message) VALUES (?, ?, ?)
                """)
            for warning in warnings {
                try insert.execute(arguments: [fileScanID, warning.line, warning.message])
            }
        }
        return fileScanID
    }

    /// How many references and warnings the file scans `files` (path → file scan id) hold; an
    /// `invalidRecord` error for `scan` when one of them is not a stored scan of its path. Only the file
    /// scans `known` lacks are read.
    private static func fileScanTotals(_ db: Database, _ files: [String: Int64], of scan: BranchScanRecord,
                                       known: KnownFileScans) throws -> (references: Int, warnings: Int) {
        if files.isEmpty { return (0, 0) }
        let unknown = files.values.filter { known[$0] == nil }
        if !unknown.isEmpty {
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT id, path, reference_count, warning_count FROM file_scan
                WHERE id IN (SELECT value FROM json_each(?))
                """), arguments: [jsonArray(unknown)])
            while let row = try rows.next() {
                known.note(row[0], KnownFileScans.Row(path: row[1], references: row[2], warnings: row[3]))
            }
        }
        var totals = (references: 0, warnings: 0)
        var invalid: [String] = []
        for (path, id) in files {
            guard let row = known[id], row.path == path else {
                invalid.append(path)
                continue
            }
            totals.references += row.references
            totals.warnings += row.warnings
        }
        // The first invalid path by name, whatever the dictionary's order (not sorting every valid record).
        if let path = invalid.min() {
            let id = files[path] ?? 0
            throw InventoryError.invalidRecord(
                operation: describe(scan),
                reason: "shared file \(path) names file scan #\(id), which is not a stored scan of that path")
        }
        return totals
    }

    /// `entries` as a JSON object (path → file scan id or null), for `json_each`: one statement
    /// inserts any number of rows.
    private static func jsonObject(_ entries: [(path: String, fileScanID: Int64?)]) -> String {
        var json = "{"
        for (index, entry) in entries.enumerated() {
            if index > 0 { json += "," }
            FoundationJSONString.append(entry.path, to: &json)
            json += ":"
            json += entry.fileScanID.map { String($0) } ?? "null"
        }
        return json + "}"
    }

    /// `ids` as a JSON array, for `json_each`: one statement handles any number of ids.
    private static func jsonArray<IDs: Sequence<Int64>>(_ ids: IDs) -> String {
        var json = "["
        for id in ids {
            if json.utf8.count > 1 { json += "," }
            json += String(id)
        }
        return json + "]"
    }

    /// The files of a stored commit scan: path → file scan id.
    static func files(_ db: Database, commitScanID: Int64) throws -> [String: Int64] {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT fs.path, fs.id FROM commit_file cf JOIN file_scan fs ON fs.id = cf.file_scan_id
            WHERE cf.commit_scan_id = ?
            """), arguments: [commitScanID])
        var files: [String: Int64] = [:]
        while let row = try rows.next() { files[row[0]] = row[1] }
        return files
    }
}

/// The references and warnings of one commit grouped by file, as indices into the given arrays (no
/// copies), with the paths in order of first appearance.
private struct FileGroups {
    struct Group {
        var references: [Int] = []
        var warnings: [Int] = []
    }

    private(set) var paths: [String] = []
    private(set) var byPath: [String: Group] = [:]

    init(references: [Reference], warnings: [FileWarning]) {
        for (index, reference) in references.enumerated() {
            add(reference.path) { $0.references.append(index) }
        }
        for (index, warning) in warnings.enumerated() {
            add(warning.path) { $0.warnings.append(index) }
        }
    }

    private mutating func add(_ path: String, _ update: (inout Group) -> Void) {
        if byPath[path] == nil { paths.append(path) }
        update(&byPath[path, default: Group()])
    }
}
