import Foundation
import GRDB

extension Schema {
    /// Shards and merges (`census crawl --shard`, `census merge`): a run records the shard it crawled,
    /// every inventory gets an identity of its own (a random UUID made once, kept when the file is
    /// copied), and a central inventory records each shard run it merged, keyed by that identity and
    /// the shard's run id, so merging the same shard again changes nothing.
    static func v9Shards(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE run ADD COLUMN shard TEXT;

            CREATE TABLE inventory_identity (
              id TEXT NOT NULL PRIMARY KEY CHECK (id <> '')
            );

            CREATE TABLE merged_shard (
              inventory_id TEXT NOT NULL,
              shard_run_id INTEGER NOT NULL,
              run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              shard TEXT,
              shard_status TEXT NOT NULL,
              merged_at DATETIME NOT NULL,
              PRIMARY KEY (inventory_id, shard_run_id)
            );
            CREATE INDEX merged_shard_by_run ON merged_shard(run_id);
            """)
        try db.execute(sql: "INSERT INTO inventory_identity (id) VALUES (?)",
                       arguments: [UUID().uuidString.lowercased()])
    }
}
