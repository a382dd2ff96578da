import Foundation
import GRDB
@testable import Inventory
import XCTest

/// The `v6-image-lifecycle` migration over a database written by the `v5-run-outcomes` schema.
final class SchemaImageLifecycleTests: XCTestCase {
    private func migratedFromV5() throws -> AppDatabase {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(queue, upTo: "v5-run-outcomes")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO catalog (repository, origin, source, fetched_at) VALUES
                  ('registry.example.com/team/base', 'registry', 'registry https://registry.example.com', '2026-11-01 00:00:00.000');
                INSERT INTO catalog_tag (repository, tag, first_seen, created, digest) VALUES
                  ('registry.example.com/team/base', '1.0', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000', 'sha256:aa');
                """)
        }
        try queue.close()
        return try AppDatabase(path: path)
    }

    func testTagsSyncedBeforeTheMigrationHaveNoLifecycleRead() throws {
        let database = try migratedFromV5()
        let tag = try XCTUnwrap(try database.catalog(repository: "registry.example.com/team/base")?.tags.first)
        XCTAssertEqual(tag.digest, "sha256:aa")
        XCTAssertNil(tag.lifecycleCheckedAt)
        XCTAssertNil(tag.lifecycleLookup)
        XCTAssertNil(tag.endOfLife)
    }

    func testLifecycleColumnsRoundTripAndTheLookupIsChecked() throws {
        let database = try migratedFromV5()
        let checked = Date(timeIntervalSince1970: 1_795_000_000)
        let end = Date(timeIntervalSince1970: 1_790_000_000)
        let tags = [
            CatalogTagRecord(tag: "1.0", digest: "sha256:aa", endOfLife: end, endOfLifeReferrer: "sha256:bb",
                             endOfLifeAnnotation: "2026-09-21", lifecycleLookup: "referrers-api", lifecycleCheckedAt: checked),
            CatalogTagRecord(tag: "2.0", digest: "sha256:cc", lifecycleLookup: "referrers-tag", lifecycleCheckedAt: checked),
        ]
        try database.storeCatalog(CatalogRecord(repository: "registry.example.com/team/base", origin: "registry",
                                                source: "registry https://registry.example.com", fetchedAt: checked, tags: tags),
                                  at: checked)
        XCTAssertEqual(try database.catalog(repository: "registry.example.com/team/base")?.tags, tags)
        var wrong = tags
        wrong[1].lifecycleLookup = "guessed"
        XCTAssertThrowsError(try database.storeCatalog(CatalogRecord(repository: "registry.example.com/team/base", origin: "registry",
                                                                     source: "s", fetchedAt: checked, tags: wrong), at: checked))
    }
}
