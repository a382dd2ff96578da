import Extraction
import Foundation
import Inventory
import XCTest
@testable import Crawler

final class InventoryFactsCacheTests: XCTestCase {
    private let blobA = String(repeating: "a1", count: 20)
    private let blobB = String(repeating: "b2", count: 20)
    private let fromAlpine = FileFacts(references: [
        ReferenceFact(line: 1, kind: "dockerfile/from", raw: "alpine:3.20", value: .literal("alpine:3.20")),
    ])
    private let pipeline = FileFacts(definitions: [
        SymbolDefinition(namespace: "azure-pipelines/variable", name: "image", value: "alpine:3.20", line: 4),
    ])

    func testStoredFactsAreFoundByALaterCrawlInOneLookupAcrossKinds() throws {
        let database = try AppDatabase.inMemory()
        let dockerfile = FactsKey(blobID: blobA, kind: .dockerfile, path: "src/Dockerfile")
        let yaml = FactsKey(blobID: blobB, kind: .yaml, path: "eng/ci.yml")
        let cache = InventoryFactsCache(database: database)
        cache.store([dockerfile: fromAlpine, yaml: pipeline])
        cache.flush()

        let later = InventoryFactsCache(database: database)
        XCTAssertEqual(later.facts(for: [dockerfile, yaml]), [dockerfile: fromAlpine, yaml: pipeline])
    }

    func testDockerfileFactsAreSharedAcrossPathsButYAMLFactsAreNot() throws {
        let database = try AppDatabase.inMemory()
        let cache = InventoryFactsCache(database: database)
        cache.store([FactsKey(blobID: blobA, kind: .dockerfile, path: "a/Dockerfile"): fromAlpine,
                     FactsKey(blobID: blobB, kind: .yaml, path: "eng/ci.yml"): pipeline])
        cache.flush()

        let elsewhere = [FactsKey(blobID: blobA, kind: .dockerfile, path: "b/Dockerfile"),
                         FactsKey(blobID: blobB, kind: .yaml, path: "eng/other.yml")]
        XCTAssertEqual(InventoryFactsCache(database: database).facts(for: elsewhere), [elsewhere[0]: fromAlpine])
    }

    func testANewExtractorVersionMissesOnlyThatExtractorsEntries() throws {
        let database = try AppDatabase.inMemory()
        let cache = InventoryFactsCache(database: database)
        cache.store([
            FactsKey(blobID: blobA, scope: "dockerfile", version: 1): fromAlpine,
            FactsKey(blobID: blobB, scope: "yaml:eng/ci.yml", version: 1): pipeline,
        ])
        cache.flush()
        let bumpedDockerfile = FactsKey(blobID: blobA, scope: "dockerfile", version: 2)
        let sameYAML = FactsKey(blobID: blobB, scope: "yaml:eng/ci.yml", version: 1)

        XCTAssertEqual(InventoryFactsCache(database: database).facts(for: [bumpedDockerfile, sameYAML]),
                       [sameYAML: pipeline])
    }

    func testTheKeyOfAFileFollowsItsExtractorsVersion() {
        XCTAssertEqual(FactsKey(blobID: blobA, kind: .dockerfile, path: "x/Dockerfile"),
                       FactsKey(blobID: blobA, scope: "dockerfile", version: Extractors.version(of: .dockerfile)))
        XCTAssertEqual(FactsKey(blobID: blobA, kind: .yaml, path: "eng/ci.yml"),
                       FactsKey(blobID: blobA, scope: "yaml:eng/ci.yml", version: Extractors.version(of: .yaml)))
    }

    func testFreshFactsAreServedFromMemoryBeforeTheyAreWritten() throws {
        let database = try AppDatabase.inMemory()
        let cache = InventoryFactsCache(database: database, writeBatchSize: 100)
        let key = FactsKey(blobID: blobA, kind: .dockerfile, path: "Dockerfile")
        cache.store([key: fromAlpine])

        XCTAssertEqual(cache.facts(for: [key]), [key: fromAlpine])
        XCTAssertEqual(try database.cachedFacts([key.inventoryKey]), [:])
        cache.flush()
        XCTAssertEqual(try database.cachedFacts([key.inventoryKey]), [key.inventoryKey: fromAlpine])
    }
}
