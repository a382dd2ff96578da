import Extraction
import Foundation
import GRDB

extension AppDatabase {
    /// The extractor versions of this build, e.g. `dockerfile=1,yaml=1,…`; stored with every commit
    /// scan so references made by older extractors are not shared with newer ones.
    public static let extractionVersion =
        FileKind.allCases.map { "\($0.rawValue)=\(Extractors.version(of: $0))" }.joined(separator: ",")

    /// The id of the stored scan of `commit` in a repository, or `nil` when it still has to be scanned.
    public func commitScanID(repository repositoryID: Int64, commit: String,
                             extractionVersion: String = AppDatabase.extractionVersion) throws -> Int64? {
        let commit = try Self.checkedCommit(commit, operation: "a commit lookup")
        return try read("looking up commit \(commit)") { db in
            try Self.commitScanID(db, repositoryID: repositoryID, commit: commit, extractionVersion: extractionVersion)
        }
    }

    /// Records one branch of one run in one transaction: the branch (created on first sight), the
    /// commit's references and warnings when that commit is not stored yet (otherwise the stored ones
    /// are shared), and the branch scan itself. Recording the same branch twice in a run replaces
    /// the earlier branch scan.
    ///
    /// Returns the files of the stored commit (path → file scan id, files with references or warnings
    /// only; empty for a failed scan), so the next commit's record can share the unchanged ones
    /// through `BranchScanRecord.sharedFiles`.
    @discardableResult
    public func recordBranchScan(_ scan: BranchScanRecord) throws -> [String: Int64] {
        let operation = Self.describe(scan)
        let commit = try Self.validated(scan, operation: operation)
        return try write("recording \(operation)") { db in
            try Self.insertBranchScan(db, scan, commit: commit, readingStoredFiles: true, known: KnownFileScans())?.files
                ?? [:]
        }
    }

    /// Records many branch scans in one transaction, each exactly as `recordBranchScan` would: the
    /// crawler's way to record the branches of a repository whose commits are already stored.
    /// Nothing is recorded when any of them is invalid.
    public func recordBranchScans(_ scans: [BranchScanRecord]) throws {
        if scans.isEmpty { return }
        let checked = try scans.map { ($0, try Self.validated($0, operation: Self.describe($0))) }
        try write("recording \(scans.count.counted("branch scan"))") { db in
            let known = KnownFileScans()
            for (scan, commit) in checked {
                _ = try Self.insertBranchScan(db, scan, commit: commit, readingStoredFiles: false, known: known)
                known.keepNoted()
            }
        }
    }

    /// Records several branch scans in one transaction, each on its own as `recordBranchScan` would
    /// (in a savepoint): one that is invalid or cannot be written is left out and its error returned
    /// in its place, the others are recorded. The crawler's way to record a group of commits of one
    /// repository: their pages are written to the WAL once instead of once per commit.
    ///
    /// Returns, in order, each scan's stored commit scan and its files (as `recordBranchScan` returns
    /// them; nil for a failed scan) or its error; throws only when the transaction itself cannot be
    /// written, and then none of them is recorded.
    ///
    /// Runs on the writer's queue, the calling task waiting without a thread, so a crawl's scan
    /// threads go on scanning while their records are written.
    public func recordEachBranchScan(_ scans: [BranchScanRecord]) async throws -> [Result<StoredCommitFiles?, any Error>] {
        if scans.isEmpty { return [] }
        let checked = scans.map { scan in
            Result<String?, any Error> { try Self.validated(scan, operation: Self.describe(scan)) }
        }
        let path = path
        return try await write("recording \(scans.count.counted("branch scan"))") { db in
            Self.insertEachBranchScan(db, scans, checked, path: path)
        }
    }

    /// Each valid scan in its own savepoint of the open transaction: its stored commit, or its error.
    private static func insertEachBranchScan(_ db: Database, _ scans: [BranchScanRecord],
                                             _ checked: [Result<String?, any Error>],
                                             path: String) -> [Result<StoredCommitFiles?, any Error>] {
        let known = KnownFileScans()
        return zip(scans, checked).map { scan, commit in
            commit.flatMap { commit in
                Result<StoredCommitFiles?, any Error> {
                    var stored: StoredCommitFiles?
                    do {
                        try db.inSavepoint {
                            stored = try insertBranchScan(db, scan, commit: commit, readingStoredFiles: true, known: known)
                            return .commit
                        }
                        known.keepNoted()
                    } catch {
                        known.forgetNoted()
                        throw error
                    }
                    return stored
                }.mapError { error in
                    guard let error = error as? DatabaseError else { return error }
                    return InventoryError.storage(path: path, operation: "recording \(describe(scan))",
                                                  reason: describe(error, at: path))
                }
            }
        }
    }

    static func describe(_ scan: BranchScanRecord) -> String {
        "branch \(scan.branch) of repository #\(scan.repositoryID) in run #\(scan.runID)"
    }

    /// The scan's commit in canonical form, or an `invalidRecord` error when the scan is inconsistent.
    private static func validated(_ scan: BranchScanRecord, operation: String) throws -> String? {
        guard !scan.branch.isEmpty else {
            throw InventoryError.invalidRecord(operation: operation, reason: "the branch name is empty")
        }
        let commit = try scan.commit.map { try Self.checkedCommit($0, operation: operation) }
        switch scan.status {
        case .ok, .unchanged:
            if commit == nil {
                throw InventoryError.invalidRecord(operation: operation,
                                                   reason: "a \(scan.status.rawValue) scan needs its commit")
            }
            if let error = scan.error {
                throw InventoryError.invalidRecord(operation: operation,
                                                   reason: "a successful scan carries no error, got: \(error)")
            }
            if !scan.baseFilesLeftOut.isEmpty, scan.base == nil {
                throw InventoryError.invalidRecord(operation: operation,
                                                   reason: "base files are left out, but no base is given")
            }
            if !scan.sharedFiles.isEmpty, let path = Self.pathBothSharedAndGiven(scan) {
                throw InventoryError.invalidRecord(
                    operation: operation,
                    reason: "file \(path) is both shared from file scan #\(scan.sharedFiles[path] ?? 0) and given "
                        + "with references or warnings")
            }
        case .failed:
            if scan.error?.isEmpty ?? true {
                throw InventoryError.invalidRecord(operation: operation, reason: "a failed scan needs its error")
            }
        }
        return commit
    }

    /// A path of `scan.sharedFiles` that also has references or warnings in `scan`, if any.
    private static func pathBothSharedAndGiven(_ scan: BranchScanRecord) -> String? {
        if let reference = scan.references?.first(where: { scan.sharedFiles[$0.path] != nil }) {
            return reference.path
        }
        return scan.warnings.first(where: { scan.sharedFiles[$0.path] != nil })?.path
    }

    /// Writes one validated branch scan inside the caller's transaction (statements are prepared once
    /// per connection: a crawl records thousands of branches) and returns the commit's scan and files:
    /// those just stored, or with `readingStoredFiles` those of the commit scan stored earlier (without
    /// it, no files); nil for a failed scan.
    private static func insertBranchScan(_ db: Database, _ scan: BranchScanRecord, commit: String?,
                                         readingStoredFiles: Bool, known: KnownFileScans) throws -> StoredCommitFiles? {
        let branchID = try upsertBranch(db, repositoryID: scan.repositoryID, name: scan.branch, runID: scan.runID)
        var commitScanID: Int64?
        var files: [String: Int64] = [:]
        if scan.status != .failed, let commit {
            if let stored = try Self.commitScanID(db, repositoryID: scan.repositoryID, commit: commit,
                                                  extractionVersion: scan.extractionVersion) {
                commitScanID = stored
                if readingStoredFiles { files = try Self.files(db, commitScanID: stored) }
            } else if scan.references != nil || !scan.sharedFiles.isEmpty || scan.base != nil {
                (commitScanID, files) = try insertCommitScan(db, scan: scan, commit: commit, known: known)
            } else {
                throw InventoryError.commitNotStored(repositoryID: scan.repositoryID, commit: commit)
            }
        }
        try db.cachedStatement(sql: """
            INSERT INTO branch_scan (run_id, branch_id, commit_id, commit_scan_id, status, error, scanned_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, branch_id) DO UPDATE
            SET commit_id = excluded.commit_id, commit_scan_id = excluded.commit_scan_id,
                status = excluded.status, error = excluded.error, scanned_at = excluded.scanned_at
            """).execute(arguments: [scan.runID, branchID, commit, commitScanID, scan.status.rawValue,
                                     scan.status == .failed ? scan.error : nil, scan.scannedAt])
        return commitScanID.map { StoredCommitFiles(commitScanID: $0, files: files) }
    }

    /// Each current branch of a repository and the commit of its latest successful scan — what the
    /// crawler compares remote tips against to skip work. The `current_branches` rows of the repository
    /// (`branch`, `commit_id` where it is set), read for that repository alone: the view, filtered,
    /// walked every repository's branches of their latest runs, once per repository crawled.
    public func lastRunBranchTips(repositoryID: Int64) throws -> [String: String] {
        try read("reading branch tips of repository #\(repositoryID)") { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT branch, commit_id FROM (
                  SELECT b.name AS branch,
                         (SELECT good.commit_id
                          FROM branch_scan good
                          JOIN repository_scan rs
                            ON rs.run_id = good.run_id AND rs.repository_id = b.repository_id
                           AND rs.status IN ('ok', 'partial')
                          WHERE good.branch_id = b.id AND good.status IN ('ok', 'unchanged')
                          ORDER BY good.run_id DESC
                          LIMIT 1) AS commit_id
                  FROM branch b
                  JOIN branch_scan s ON s.branch_id = b.id
                  WHERE b.repository_id = ?1
                    AND s.run_id = (SELECT MAX(run_id) FROM repository_scan
                                    WHERE repository_id = ?1 AND status IN ('ok', 'partial'))
                )
                WHERE commit_id IS NOT NULL
                """), arguments: [repositoryID])
            var tips: [String: String] = [:]
            for row in rows { tips[row["branch"]] = row["commit_id"] }
            return tips
        }
    }

    /// The references stored for one commit scan, sorted as `census scan` prints them.
    public func references(commitScanID: Int64) throws -> [Reference] {
        try read("reading references of commit scan #\(commitScanID)") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM reference WHERE commit_scan_id = ? ORDER BY path, line, kind, raw, id
                """, arguments: [commitScanID]).map { Reference(storedRow: $0, repositoryColumn: "repository") }
        }
    }

    /// The warnings stored for one commit scan, by path and line.
    public func warnings(commitScanID: Int64) throws -> [FileWarning] {
        try read("reading warnings of commit scan #\(commitScanID)") { db in
            try Row.fetchAll(db, sql: """
                SELECT path, line, message FROM scan_warning WHERE commit_scan_id = ? ORDER BY path, line, id
                """, arguments: [commitScanID]).map {
                FileWarning(path: $0["path"], line: $0["line"], message: $0["message"])
            }
        }
    }

    // MARK: Helpers inside transactions

    /// Lower-case hex of 40 (SHA-1) or 64 (SHA-256) digits, or an `invalidRecord` error.
    static func checkedCommit(_ commit: String, operation: String) throws -> String {
        let lower = commit.lowercased()
        guard lower.utf8.count == 40 || lower.utf8.count == 64,
              lower.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                  || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }) else {
            throw InventoryError.invalidRecord(operation: operation,
                                               reason: "\"\(commit)\" is not a 40- or 64-digit hex commit id")
        }
        return lower
    }

    static func commitScanID(_ db: Database, repositoryID: Int64, commit: String,
                             extractionVersion: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM commit_scan WHERE repository_id = ? AND commit_id = ? AND extraction_version = ?
            """), arguments: [repositoryID, commit, extractionVersion])
    }

    static func upsertBranch(_ db: Database, repositoryID: Int64, name: String, runID: Int64) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO branch (repository_id, name, first_seen_run_id, last_seen_run_id) VALUES (?, ?, ?, ?)
            ON CONFLICT (repository_id, name) DO UPDATE
            SET last_seen_run_id = max(last_seen_run_id, excluded.last_seen_run_id),
                first_seen_run_id = min(first_seen_run_id, excluded.first_seen_run_id)
            """).execute(arguments: [repositoryID, name, runID, runID])
        let select = try db.cachedStatement(sql: "SELECT id FROM branch WHERE repository_id = ? AND name = ?")
        guard let id = try Int64.fetchOne(select, arguments: [repositoryID, name]) else {
            throw InventoryError.invalidRecord(operation: "branch \(name)", reason: "the branch row could not be read back")
        }
        return id
    }
}
