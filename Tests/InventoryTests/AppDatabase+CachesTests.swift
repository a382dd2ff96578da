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

    func testFactsOfManyScopesAndVersionsComeBackFromOneBatchedLookup() throws {
        let database = try AppDatabase.inMemory()
        let dockerfile = BlobFactsKey(blobID: "b1", scope: "dockerfile", version: 3)
        let yaml = BlobFactsKey(blobID: "b2", scope: "yaml:eng/ci.yml", version: 1)
        try database.storeFacts([dockerfile: dockerfileFacts, yaml: .empty])

        let found = try database.cachedFacts([
            dockerfile, yaml,
            BlobFactsKey(blobID: "b1", scope: "dockerfile", version: 4),
            BlobFactsKey(blobID: "b2", scope: "yaml:eng/other.yml", version: 1),
        ])

        XCTAssertEqual(found, [dockerfile: dockerfileFacts, yaml: .empty])
    }

    func testMoreKeysThanOneBatchAreAllFound() throws {
        let database = try AppDatabase.inMemory()
        let keys = (0..<1_001).map { BlobFactsKey(blobID: String(format: "%040x", $0), scope: "yaml:f\($0).yml", version: 1) }
        try database.storeFacts(Dictionary(uniqueKeysWithValues: keys.map { ($0, FileFacts.empty) }))
        XCTAssertEqual(try database.cachedFacts(keys).count, 1_001)
    }

    func testTreeCandidatesOfManyTreesComeBackPerWalkerVersion() throws {
        let database = try AppDatabase.inMemory()
        try database.storeTreeCandidates(["t1": Data("[]".utf8), "t2": Data("[1]".utf8)], version: 1)
        try database.storeTreeCandidates(["t3": Data("[2]".utf8)], version: 2)
        XCTAssertEqual(try database.cachedTreeCandidates(treeIDs: ["t1", "t2", "t3", "t4"], version: 1),
                       ["t1": Data("[]".utf8), "t2": Data("[1]".utf8)])
    }

    func testStoredCommitScansAreFoundWithTheirReferenceCounts() throws {
        let database = try AppDatabase.inMemory()
        let run = try database.startRun(at: Date())
        let repository = try database.upsertRepository(RepositoryInfo(name: "app", url: "/srv/app.git"))
        let scanned = String(repeating: "a", count: 40)
        let fact = ReferenceFact(line: 1, kind: "dockerfile/from", raw: "alpine", value: .literal("alpine"))
        let reference = Reference(path: "Dockerfile", fact: fact, image: "alpine", unresolvedReason: nil)
        try database.recordBranchScan(BranchScanRecord(runID: run, repositoryID: repository, branch: "main",
                                                       commit: scanned, status: .ok, references: [reference]))

        let stored = try database.storedCommitScans(repository: repository,
                                                    commits: [scanned, String(repeating: "b", count: 40)])

        XCTAssertEqual(stored.keys.sorted(), [scanned])
        XCTAssertEqual(stored[scanned]?.referenceCount, 1)
        XCTAssertEqual(try database.storedCommitScans(repository: repository, commits: [scanned],
                                                      extractionVersion: "older"), [:])
    }

    /// Facts and tree listings written in the background are there once the queued writes are waited
    /// for, and before any write that follows them.
    func testCacheWritesInTheBackgroundLandBeforeLaterWrites() throws {
        let path = try Fixtures.scratchDirectory(for: self).appendingPathComponent("census.sqlite").path
        let database = try AppDatabase(path: path)
        let keys = (0..<500).map { BlobFactsKey(blobID: String(format: "%040x", $0), scope: "dockerfile", version: 3) }
        database.storeFactsInBackground(Dictionary(uniqueKeysWithValues: keys.map { ($0, dockerfileFacts) }))
        database.storeTreeCandidatesInBackground(["t1": Data("[]".utf8)], version: 2)
        database.waitForQueuedWrites()
        XCTAssertEqual(try database.cachedFacts(keys).count, 500)
        XCTAssertEqual(try database.cachedTreeCandidates(treeIDs: ["t1"], version: 2), ["t1": Data("[]".utf8)])

        let more = (500..<600).map { BlobFactsKey(blobID: String(format: "%040x", $0), scope: "dockerfile", version: 3) }
        database.storeFactsInBackground(Dictionary(uniqueKeysWithValues: more.map { ($0, FileFacts.empty) }))
        try database.storeFacts([BlobFactsKey(blobID: String(repeating: "f", count: 40), scope: "yaml", version: 1): .empty])
        XCTAssertEqual(try database.cachedFacts(more).count, 100)
    }
}
