import GRDB

extension AppDatabase {
    /// Stores the CODEOWNERS files found in a scanned commit (replacing any stored for it), so
    /// outreach can name the owners of each file at that commit. The commit must already be recorded
    /// with `recordBranchScan` under the same extraction version.
    public func recordCodeowners(repositoryID: Int64, commit: String, files: [CodeownersFile],
                                 extractionVersion: String = AppDatabase.extractionVersion) throws {
        let commit = try Self.checkedCommit(commit, operation: "the CODEOWNERS of a commit")
        try write("recording the CODEOWNERS of commit \(commit)") { db in
            guard let commitScanID = try Self.commitScanID(db, repositoryID: repositoryID, commit: commit,
                                                           extractionVersion: extractionVersion) else {
                throw InventoryError.commitNotStored(repositoryID: repositoryID, commit: commit)
            }
            try db.execute(sql: "DELETE FROM commit_codeowners WHERE commit_scan_id = ?", arguments: [commitScanID])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO commit_codeowners (commit_scan_id, path, content) VALUES (?, ?, ?)
                """)
            for file in files {
                try insert.execute(arguments: [commitScanID, file.path, file.content])
            }
        }
    }

    /// The CODEOWNERS files stored for a commit of a repository (by display name), by path; empty
    /// when none were found or none were recorded.
    public func codeowners(repository: String, commit: String) throws -> [CodeownersFile] {
        try read("reading the CODEOWNERS of \(repository) at \(commit)") { db in
            // Several extractor versions may have scanned the commit; its files are the same, so the
            // newest scan that recorded any answers.
            try Row.fetchAll(db, sql: """
                SELECT cc.path, cc.content
                FROM commit_codeowners cc
                WHERE cc.commit_scan_id = (
                  SELECT cs.id FROM commit_scan cs JOIN repository r ON r.id = cs.repository_id
                  WHERE r.name = ? AND cs.commit_id = ?
                    AND EXISTS (SELECT 1 FROM commit_codeowners x WHERE x.commit_scan_id = cs.id)
                  ORDER BY cs.id DESC LIMIT 1)
                ORDER BY cc.path
                """, arguments: [repository, commit.lowercased()]).map {
                CodeownersFile(path: $0["path"], content: $0["content"])
            }
        }
    }
}
