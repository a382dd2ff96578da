import Extraction
import Foundation
import GRDB

/// Storing a commit's files: each file's result (its references and warnings) is stored once as a
/// content-addressed `file_scan` and linked to every commit scan that has it (`docs/schema.md`).
extension AppDatabase {
    /// Stores a new commit scan for `scan` inside the caller's transaction: its new files (a file
    /// scan whose digest is stored already is reused, not written again), the shared ones, and one
    /// `commit_file` link per file. Returns the commit scan id and its files (path → file scan id).
    static func insertCommitScan(_ db: Database, scan: BranchScanRecord,
                                 commit: String) throws -> (id: Int64, files: [String: Int64]) {
        let references = scan.references ?? []
        let shared = try sharedFileTotals(db, scan)
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
            files[path] = try storeFileScan(db, path: path,
                                            references: group.references.lazy.map { references[$0] },
                                            warnings: group.warnings.lazy.map { scan.warnings[$0] })
        }
        if !files.isEmpty {
            var ids = "["
            for id in files.values {
                if ids.utf8.count > 1 { ids += "," }
                ids += String(id)
            }
            ids += "]"
            try db.cachedStatement(sql: """
                INSERT INTO commit_file (commit_scan_id, file_scan_id) SELECT ?, value FROM json_each(?)
                """).execute(arguments: [commitScanID, ids])
        }
        return (commitScanID, files)
    }

    /// The id of the file scan of `path` with exactly these references and warnings: the stored one
    /// when its digest is known, else a new one written with its rows.
    private static func storeFileScan<References: Collection<Reference>, Warnings: Collection<FileWarning>>(
        _ db: Database, path: String, references: References, warnings: Warnings
    ) throws -> Int64 {
        let digest = FileScanDigest.digest(path: path, references: references, warnings: warnings)
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
            return id
        }
        let fileScanID = db.lastInsertedRowID
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
    /// when one of them names a file scan that is not stored or is of another path.
    private static func sharedFileTotals(_ db: Database, _ scan: BranchScanRecord) throws
        -> (references: Int, warnings: Int) {
        if scan.sharedFiles.isEmpty { return (0, 0) }
        var json = "{"
        for (path, id) in scan.sharedFiles {
            if json.utf8.count > 1 { json += "," }
            Self.appendJSONString(path, to: &json)
            json += ":" + String(id)
        }
        json += "}"
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT count(*), COALESCE(SUM(fs.reference_count), 0), COALESCE(SUM(fs.warning_count), 0)
            FROM json_each(?) AS shared
            JOIN file_scan fs ON fs.id = shared.value AND fs.path = shared.key
            """), arguments: [json])
        let found: Int = row?[0] ?? 0
        if found != scan.sharedFiles.count {
            let unknown = scan.sharedFiles.sorted { $0.key < $1.key }.first { path, id in
                (try? String.fetchOne(db, sql: "SELECT path FROM file_scan WHERE id = ?", arguments: [id])) != path
            }
            let (path, id) = unknown ?? ("?", 0)
            throw InventoryError.invalidRecord(
                operation: describe(scan),
                reason: "shared file \(path) names file scan #\(id), which is not a stored scan of that path")
        }
        return (row?[1] ?? 0, row?[2] ?? 0)
    }

    /// Appends `text` as a JSON string literal (this runs for every shared file of every commit, so
    /// no JSONEncoder).
    static func appendJSONString(_ text: String, to json: inout String) {
        json += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case "\u{00}"..."\u{1F}": json += "\\u00" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\""
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
