import Extraction
import GRDB

/// Storing a commit's files: each file's result (its references and warnings) is stored once as a
/// content-addressed `file_scan` and linked to every commit scan that has it (`docs/schema.md`).
extension AppDatabase {
    /// Stores a new commit scan for `scan` inside the caller's transaction: its new files (a file
    /// scan whose digest is stored already is reused, not written again), the shared ones, and one
    /// `commit_file` link per file. Returns the commit scan id and its files (path → file scan id).
    /// `known` holds the file scans the transaction has stored or read so far, and learns this one's.
    static func insertCommitScan(_ db: Database, scan: BranchScanRecord, commit: String,
                                 known: KnownFileScans) throws -> (id: Int64, files: [String: Int64]) {
        let references = scan.references ?? []
        let shared = try sharedFileTotals(db, scan, known: known)
        try db.cachedStatement(sql: """
            INSERT INTO commit_scan (repository_id, commit_id, extraction_version, scanned_at,
                                     reference_count, warning_count)
            VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [scan.repositoryID, commit, scan.extractionVersion, scan.scannedAt,
                                     references.count + shared.references, scan.warnings.count + shared.warnings])
        let commitScanID = db.lastInsertedRowID

        var files = scan.sharedFiles
        let groups = FileGroups(references: references, warnings: scan.warnings)
        for path in groups.paths {
            let group = groups.byPath[path] ?? FileGroups.Group()
            files[path] = try storeFileScan(db, path: path, known: known,
                                            references: group.references.lazy.map { references[$0] },
                                            warnings: group.warnings.lazy.map { scan.warnings[$0] })
        }
        if !files.isEmpty {
            try db.cachedStatement(sql: """
                INSERT INTO commit_file (commit_scan_id, file_scan_id) SELECT ?, value FROM json_each(?)
                """).execute(arguments: [commitScanID, jsonArray(files.values)])
        }
        return (commitScanID, files)
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

    /// How many references and warnings the shared files of `scan` hold; an `invalidRecord` error
    /// when one of them names a file scan that is not stored or is of another path. Only the file
    /// scans `known` lacks are read.
    private static func sharedFileTotals(_ db: Database, _ scan: BranchScanRecord, known: KnownFileScans) throws
        -> (references: Int, warnings: Int) {
        if scan.sharedFiles.isEmpty { return (0, 0) }
        let unknown = scan.sharedFiles.values.filter { known[$0] == nil }
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
        for (path, id) in scan.sharedFiles.sorted(by: { $0.key < $1.key }) {
            guard let row = known[id], row.path == path else {
                throw InventoryError.invalidRecord(
                    operation: describe(scan),
                    reason: "shared file \(path) names file scan #\(id), which is not a stored scan of that path")
            }
            totals.references += row.references
            totals.warnings += row.warnings
        }
        return totals
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
