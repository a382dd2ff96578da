import GRDB

extension Schema {
    /// A commit scanned as its difference from another commit of its repository (a release branch
    /// from its repository's main branch) stores only what differs: `commit_file_entry` holds, per
    /// commit scan, its files by path, or a path with no file scan where the base had a file the commit
    /// does not have, and `commit_scan.base_commit_scan_id` names the base. A base is always a commit
    /// scan stored whole (one without a base of its own).
    ///
    /// `commit_file` becomes a view with the old table's columns, the base's files filling in the paths
    /// the commit scan has no entry for, so `reference`, `scan_warning` and every query read on
    /// unchanged. It is one SELECT, which SQLite flattens into the query using it: a query by commit
    /// scan reads through the primary key of `commit_file_entry`, a query by file scan through its index.
    ///
    /// Why. A cold crawl of the bench fleet (40 repositories of 30 branches) stored 138,000 `commit_file`
    /// rows, 115 per branch, nearly all of them a release branch repeating its main branch's files;
    /// inserting them into the table and its index was 8% of the crawl's time (docs/performance.md).
    ///
    /// Stored commit scans move over whole: each keeps every file as its own entry and has no base.
    static func v13CommitFileEntries(_ db: Database) throws {
        try settingViewsAside(db) {
            try db.execute(sql: """
                CREATE TABLE commit_file_entry (
                  commit_scan_id INTEGER NOT NULL REFERENCES commit_scan(id) ON DELETE CASCADE,
                  path TEXT NOT NULL,
                  file_scan_id INTEGER REFERENCES file_scan(id),
                  PRIMARY KEY (commit_scan_id, path)
                ) WITHOUT ROWID;

                INSERT INTO commit_file_entry (commit_scan_id, path, file_scan_id)
                SELECT cf.commit_scan_id, fs.path, cf.file_scan_id
                FROM commit_file cf JOIN file_scan fs ON fs.id = cf.file_scan_id
                ORDER BY cf.commit_scan_id, fs.path;

                CREATE INDEX commit_file_entry_by_file_scan ON commit_file_entry(file_scan_id);
                DROP TABLE commit_file;

                ALTER TABLE commit_scan ADD COLUMN base_commit_scan_id INTEGER REFERENCES commit_scan(id);
                CREATE INDEX commit_scan_by_base ON commit_scan(base_commit_scan_id);

                \(commitFileView)
                """)
        }
    }

    /// The files of every commit scan: its own entries, and its base's where it has no entry of that path.
    static let commitFileView = """
        CREATE VIEW commit_file AS
        SELECT c.id AS commit_scan_id, e.file_scan_id
        FROM commit_scan c
        JOIN commit_file_entry e ON e.commit_scan_id = c.id OR e.commit_scan_id = c.base_commit_scan_id
        WHERE e.file_scan_id IS NOT NULL
          AND (e.commit_scan_id = c.id
               OR NOT EXISTS (SELECT 1 FROM commit_file_entry o WHERE o.commit_scan_id = c.id AND o.path = e.path));
        """
}
