import GRDB

extension Schema {
    /// `migration_change`: one row per change `census migrate` proposed for a branch (committed in the
    /// mirror, pushed, or written as a patch), with the run its plan was based on and its edits as JSON,
    /// so `census report migration` can say which remaining usages a change already covers.
    static func v8MigrationChanges(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE migration_change (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              run_id INTEGER REFERENCES run(id),
              repository_id INTEGER NOT NULL REFERENCES repository(id) ON DELETE CASCADE,
              branch TEXT NOT NULL CHECK (branch <> ''),
              scanned_commit TEXT NOT NULL
                CHECK (length(scanned_commit) IN (40, 64) AND scanned_commit NOT GLOB '*[^0-9a-f]*'),
              new_commit TEXT NOT NULL
                CHECK (length(new_commit) IN (40, 64) AND new_commit NOT GLOB '*[^0-9a-f]*'),
              proposed_branch TEXT,
              pushed BOOLEAN NOT NULL DEFAULT 0,
              patch_file TEXT,
              created_at DATETIME NOT NULL,
              edits TEXT NOT NULL CHECK (json_valid(edits))
            );
            CREATE INDEX migration_change_by_branch ON migration_change (repository_id, branch, scanned_commit);
            """)
    }
}
