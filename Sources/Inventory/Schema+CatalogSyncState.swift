import GRDB

extension Schema {
    /// What lets a catalog refresh skip work: for a git manifest catalog, the tip its stored history
    /// reaches and the walk's state to continue from; when the warnings last changed (so a crawl repeats
    /// them only then); and per refresh attempt, what it did (`kind`) and how many commits it walked.
    static func v10CatalogSyncState(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE catalog ADD COLUMN synced_commit TEXT;
            ALTER TABLE catalog ADD COLUMN walk_state TEXT;
            ALTER TABLE catalog ADD COLUMN warnings_since DATETIME;
            ALTER TABLE catalog_sync ADD COLUMN kind TEXT
              CHECK (kind IN ('full-walk', 'extended', 'tip-unchanged', 'fetched', 'not-due'));
            ALTER TABLE catalog_sync ADD COLUMN walked_commits INTEGER;
            """)
    }
}
