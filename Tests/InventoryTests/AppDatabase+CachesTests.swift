import Extraction
import Foundation
import Inventory
import XCTest

final class AppDatabaseCachesTests: XCTestCase {
    let dockerfileFacts = FileFacts(
        references: [ReferenceFact(line: 3, kind: "dockerfile/from", context: "stage build",
                                   raw: "${BASE}", value: .symbolic(text: "{{dockerfile/arg:BASE}}"))],
        definitions: [SymbolDefinition(namespace: "dockerfile/arg", name: "BASE", value: "alpine:3.20", line: 1)],
        includes: [FileInclude(path: "eng/common/vars.yml", line: 2, parameters: ["os": "linux"])],
        warnings: [ExtractionWarning(line: 9, message: "heredoc never closed")])

    func testFactsComeBackFromTheCacheAsStored() throws {
        let database = try AppDatabase.inMemory()
        try database.storeFacts(["b1": dockerfileFacts, "b2": .empty], kind: "dockerfile", version: 3)
        let cached = try database.cachedFacts(blobIDs: ["b1", "b2", "b3"], kind: "dockerfile", version: 3)
        XCTAssertEqual(cached, ["b1": dockerfileFacts, "b2": .empty])
    }

    func testFactsOfAnotherKindOrExtractorVersionAreMisses() throws {
        let database = try AppDatabase.inMemory()
        try database.storeFacts(["b1": dockerfileFacts], kind: "dockerfile", version: 3)
        XCTAssertEqual(try database.cachedFacts(blobIDs: ["b1"], kind: "dockerfile", version: 4), [:])
        XCTAssertEqual(try database.cachedFacts(blobIDs: ["b1"], kind: "yaml", version: 3), [:])
    }

    func testManyBlobsAreLookedUpInBatches() throws {
        let database = try AppDatabase.inMemory()
        let ids = (0..<1_234).map { String(format: "%040x", $0) }
        try database.storeFacts(Dictionary(uniqueKeysWithValues: ids.map { ($0, FileFacts.empty) }),
                                kind: "yaml", version: 1)
        XCTAssertEqual(try database.cachedFacts(blobIDs: ids + ["missing"], kind: "yaml", version: 1).count, 1_234)
    }

    func testStoringFactsAgainReplacesThem() throws {
        let database = try AppDatabase.inMemory()
        try database.storeFacts(["b1": .empty], kind: "dockerfile", version: 3)
        try database.storeFacts(["b1": dockerfileFacts], kind: "dockerfile", version: 3)
        XCTAssertEqual(try database.cachedFacts(blobIDs: ["b1"], kind: "dockerfile", version: 3), ["b1": dockerfileFacts])
    }

    func testTreeCandidatesRoundTripPerWalkerVersion() throws {
        let database = try AppDatabase.inMemory()
        let json = Data(#"[{"path":"Dockerfile","blob":"abc"}]"#.utf8)
        XCTAssertNil(try database.cachedTreeCandidates(treeID: "t1", version: 1))
        try database.storeTreeCandidates(treeID: "t1", version: 1, json: json)
        XCTAssertEqual(try database.cachedTreeCandidates(treeID: "t1", version: 1), json)
        XCTAssertNil(try database.cachedTreeCandidates(treeID: "t1", version: 2))
    }
}
