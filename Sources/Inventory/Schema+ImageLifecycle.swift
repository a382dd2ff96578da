import GRDB

extension Schema {
    /// What a registry's lifecycle referrers say about each catalog tag's digest: the earliest end of
    /// life, the referrer and annotation that gave it, how the referrers were found, and when. A tag
    /// whose referrers were never read has no `lifecycle_checked_at`; one that was read and carries no
    /// date has `lifecycle_checked_at` and no `end_of_life` (unknown, not supported).
    static func v6ImageLifecycle(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE catalog_tag ADD COLUMN end_of_life DATETIME;
            ALTER TABLE catalog_tag ADD COLUMN end_of_life_referrer TEXT;
            ALTER TABLE catalog_tag ADD COLUMN end_of_life_annotation TEXT;
            ALTER TABLE catalog_tag ADD COLUMN lifecycle_lookup TEXT
              CHECK (lifecycle_lookup IN ('referrers-api', 'referrers-tag'));
            ALTER TABLE catalog_tag ADD COLUMN lifecycle_checked_at DATETIME;
            """)
    }
}
