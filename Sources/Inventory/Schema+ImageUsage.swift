import GRDB

extension Schema {
    /// `image_usage` lists images: a Dockerfile's unchecked download (`dockerfile/download`,
    /// `dockerfile/download-to-shell`) is stored as a reference so that its finding has a file and line,
    /// but its "image" is a URL, so the view leaves it out. Nothing else changes: `current_references`
    /// and the run views keep the downloads (their `kind` tells them apart).
    static func v7ImageUsageWithoutDownloads(_ db: Database) throws {
        try db.execute(sql: """
            DROP VIEW image_usage;
            CREATE VIEW image_usage AS
            SELECT COALESCE(normalized, image, raw) AS image,
                   MAX(registry) AS registry,
                   MAX(image_repository) AS image_repository,
                   MAX(tag) AS tag,
                   MAX(digest) AS digest,
                   MAX(resolved) AS resolved,
                   MAX(valid) AS valid,
                   COUNT(DISTINCT repository) AS repositories,
                   COUNT(DISTINCT repository || char(10) || branch) AS branches,
                   COUNT(*) AS usages,
                   group_concat(DISTINCT team) AS teams
            FROM current_references
            WHERE kind NOT IN ('dockerfile/download', 'dockerfile/download-to-shell')
            GROUP BY COALESCE(normalized, image, raw);
            """)
    }
}
