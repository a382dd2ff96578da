import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Policy

/// Catalog refreshes that skip what did not change: a manifest branch whose tip did not move is not walked,
/// a moved tip extends the stored history, a rewritten branch is walked again, and a registry catalog
/// younger than its `refreshAfter` is not asked again.
final class CatalogSyncTests: XCTestCase {
    private let prereqs = RuleFixture.prereqs
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!
    private var commits: [ObjectID] = []

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "prereqs.git")
    }

    private var source: CatalogSource {
        CatalogSource(repository: prereqs, kind: .manifest(git: fixture.path, branch: "main", path: "manifest.json"))
    }

    /// A root manifest including `src/manifest.json`, which defines `tags` (an undefined variable gives a warning).
    private func files(_ tags: [String], broken: Bool = false) -> [String: FileContent] {
        let tagObject = tags.map { "\"\($0)\": {}" }.joined(separator: ", ")
        let include = broken ? "{ \"repos\": [ oops" : """
            { "repos": [ { "id": "prereqs", "images": [ { "platforms": [
              { "dockerfile": "src/a", "os": "linux", "osVersion": "noble", "architecture": "amd64", "tags": { \(tagObject) } } ] } ] } ] }
            """
        return ["manifest.json": .text("""
            { "registry": "mcr.microsoft.com", "includes": [ "src/manifest.json" ],
              "repos": [ { "id": "prereqs", "name": "dotnet-buildtools/prereqs", "images": [] } ] }
            """), "src/manifest.json": .text(include)]
    }

    private func commit(_ tags: [String], broken: Bool = false, parents: [ObjectID]? = nil) throws {
        commits.append(try fixture.commit(files(tags, broken: broken), parents: parents))
    }

    private func sync(_ database: AppDatabase, fullWalk: Bool = false, notes: inout [String]) -> CatalogSyncOutcome {
        var received: [String] = []
        let outcome = CatalogSync(database: database).syncManifest(source, history: {
            try GitManifestHistory(repository: fixture.repository, branch: "main")
        }, fullWalk: fullWalk, now: RuleFixture.now, note: { received.append($0) })
        notes += received
        return outcome
    }

    private func sync(_ database: AppDatabase, fullWalk: Bool = false) -> CatalogSyncOutcome {
        var notes: [String] = []
        return sync(database, fullWalk: fullWalk, notes: &notes)
    }

    private func lastAttempt(_ database: AppDatabase) throws -> CatalogSyncAttempt {
        try XCTUnwrap(try database.catalogSyncAttempts(repository: prereqs).last)
    }

    /// The catalog a walk from the root of the current history gives.
    private func fullWalk() throws -> Catalog {
        try ManifestCatalogBuilder(repository: prereqs, manifestPath: "manifest.json",
                                   sourceDescription: "git \(fixture.path) main:manifest.json")
            .build(from: try GitManifestHistory(repository: fixture.repository, branch: "main"), fetchedAt: RuleFixture.now)
    }

    func testUnchangedTipIsNotWalkedAgain() throws {
        try commit(["a"])
        try commit(["a", "b"])
        try commit(["b", "$(Missing)"])
        let database = try AppDatabase.inMemory()
        guard case .fresh(let first) = sync(database) else { return XCTFail("expected a fresh catalog") }
        XCTAssertEqual(try lastAttempt(database).kind, .fullWalk)
        XCTAssertEqual(try lastAttempt(database).walkedCommits, 3)

        let second = sync(database)
        guard case .unchanged(let unchanged, let reason) = second else { return XCTFail("expected unchanged, got \(second)") }
        XCTAssertEqual(try lastAttempt(database).kind, .tipUnchanged)
        XCTAssertEqual(try lastAttempt(database).walkedCommits, 0)
        XCTAssertEqual(reason, "main is still at \(commits[2].hex.prefix(12))")
        XCTAssertEqual(unchanged.tags, first.tags)
        XCTAssertEqual(unchanged.warnings, first.warnings)
        XCTAssertEqual(try database.catalogSyncAttempts(repository: prereqs).count, 2)
    }

    func testMovedTipExtendsTheStoredHistoryToWhatAFullWalkGives() throws {
        try commit(["a"])
        try commit(["a", "b"])
        // The sync stops on a broken include, which recurs after it: the extension must skip it the same way.
        try commit(["a", "b"], broken: true)
        let database = try AppDatabase.inMemory()
        _ = sync(database)
        XCTAssertEqual(try lastAttempt(database).walkedCommits, 3)

        try fixture.commit(files(["a", "b"], broken: true).merging(["README.md": .text("docs")]) { $1 })
        try commit(["b", "c", "$(Missing)"])
        try commit(["c"])
        var notes: [String] = []
        guard case .fresh(let extended) = sync(database, notes: &notes) else { return XCTFail("expected a fresh catalog") }
        XCTAssertEqual(notes, [])
        XCTAssertEqual(try lastAttempt(database).kind, .extended)
        XCTAssertEqual(try lastAttempt(database).walkedCommits, 3)

        let whole = try fullWalk()
        XCTAssertEqual(extended.tags, whole.tags)
        XCTAssertEqual(extended.warnings, whole.warnings)
        XCTAssertEqual(extended.warnings.count, 2, "\(extended.warnings)")
        XCTAssertEqual(extended.tag("a")?.removedAt, extended.tag("c")?.firstSeen)
        let stored = Catalog(record: try XCTUnwrap(try database.catalog(repository: prereqs)))
        XCTAssertEqual(stored.tags, whole.tags)

        // A further extension from the stored state (read back from the database) agrees too.
        try commit(["c", "d"])
        guard case .fresh(let again) = sync(database) else { return XCTFail("expected a fresh catalog") }
        XCTAssertEqual(try lastAttempt(database).walkedCommits, 1)
        XCTAssertEqual(again.tags, try fullWalk().tags)
        XCTAssertEqual(again.warnings, try fullWalk().warnings)
    }

    func testRewrittenBranchIsWalkedFromItsRootAndSaysSo() throws {
        try commit(["a"])
        try commit(["a", "b"])
        try commit(["a", "b", "c"])
        let database = try AppDatabase.inMemory()
        _ = sync(database)

        // A force-push: the new tip's first-parent line leaves out the synced tip.
        try commit(["a", "x"], parents: [commits[1]])
        var notes: [String] = []
        guard case .fresh(let rewritten) = sync(database, notes: &notes) else { return XCTFail("expected a fresh catalog") }
        XCTAssertEqual(try lastAttempt(database).kind, .fullWalk)
        XCTAssertEqual(try lastAttempt(database).walkedCommits, 3)
        XCTAssertEqual(notes, ["main no longer descends from \(commits[2].hex.prefix(12)) (rewritten or force-pushed): "
                               + "walking its whole history again"])
        XCTAssertEqual(rewritten.tags, try fullWalk().tags)
        XCTAssertNil(rewritten.tag("c"), "a tag only the discarded commit defined is not known")
    }

    func testFullWalkIsForcedOnRequest() throws {
        try commit(["a"])
        let database = try AppDatabase.inMemory()
        _ = sync(database)
        guard case .fresh = sync(database, fullWalk: true) else { return XCTFail("expected a fresh catalog") }
        XCTAssertEqual(try lastAttempt(database).kind, .fullWalk)
        XCTAssertEqual(try lastAttempt(database).walkedCommits, 1)
    }

    func testWarningsKeepTheDateTheyFirstAppeared() throws {
        try commit(["a", "$(Missing)"])
        let database = try AppDatabase.inMemory()
        let sync = CatalogSync(database: database)
        let first = RuleFixture.day("2026-11-01"), second = RuleFixture.day("2026-11-08"), third = RuleFixture.day("2026-11-15")
        func run(_ now: Date) -> CatalogSyncOutcome {
            sync.syncManifest(source, history: { try GitManifestHistory(repository: fixture.repository, branch: "main") },
                              now: now)
        }
        guard case .fresh(let fresh) = run(first) else { return XCTFail("expected a fresh catalog") }
        XCTAssertEqual(fresh.warningsSince, first)
        XCTAssertEqual(fresh.warnings.count, 1)

        try commit(["a", "b", "$(Missing)"])
        guard case .fresh(let moved) = run(second) else { return XCTFail("expected a fresh catalog") }
        XCTAssertEqual(moved.warningsSince, first, "the same warnings keep their first date")
        XCTAssertEqual(Catalog(record: try XCTUnwrap(try database.catalog(repository: prereqs))).warningsSince, first)

        try commit(["a", "b", "$(Other)"])
        guard case .fresh(let changed) = run(third) else { return XCTFail("expected a fresh catalog") }
        XCTAssertEqual(changed.warningsSince, third)
        XCTAssertEqual(changed.warnings.count, 2)
    }

    func testRegistryCatalogIsNotAskedAgainBeforeItsRefreshAfter() async throws {
        let fixture = try await RegistrySyncFixture()
        let (path, pusher, repository, database, sync, environment) =
            (fixture.path, fixture.pusher, fixture.repository, fixture.database, fixture.sync, fixture.environment)
        let source = CatalogSource(repository: repository, kind: .registry(url: nil), refreshAfter: 12 * 3600)
        let fetched = RuleFixture.day("2026-11-15")

        guard case .fresh = await sync.syncRegistry(source, environment: environment, now: fetched) else {
            return XCTFail("expected a fresh catalog")
        }
        // The registry moves on; a sync within the 12 hours does not ask it, so it cannot see the new tag.
        try await pusher.push(repository: path, tag: "2.0", created: "2026-02-01T00:00:00Z")
        let soon = await sync.syncRegistry(source, environment: environment, now: fetched.addingTimeInterval(11 * 3600))
        guard case .unchanged(let cached, let reason) = soon else { return XCTFail("expected unchanged, got \(soon)") }
        XCTAssertEqual(cached.tags.map(\.tag), ["1.0"])
        XCTAssertEqual(reason, "fetched 2026-11-15, refreshed 12 h after that")
        let attempts = try database.catalogSyncAttempts(repository: repository)
        XCTAssertEqual(attempts.map(\.kind), [.fetched, .notDue])

        // Past the 12 hours the registry is asked and the new tag appears.
        let later = await sync.syncRegistry(source, environment: environment, now: fetched.addingTimeInterval(13 * 3600))
        guard case .fresh(let refreshed) = later else { return XCTFail("expected a fresh catalog, got \(later)") }
        XCTAssertEqual(refreshed.tags.map(\.tag), ["1.0", "2.0"])
        XCTAssertEqual(try database.catalogSyncAttempts(repository: repository).last?.kind, .fetched)
    }

    func testForcedRegistryRefreshIgnoresRefreshAfter() async throws {
        let fixture = try await RegistrySyncFixture()
        let source = CatalogSource(repository: fixture.repository, kind: .registry(url: nil))
        _ = await fixture.sync.syncRegistry(source, environment: fixture.environment, now: RuleFixture.now)
        try await fixture.pusher.push(repository: fixture.path, tag: "2.0", created: "2026-02-01T00:00:00Z")
        let outcome = await fixture.sync.syncRegistry(source, environment: fixture.environment, force: true,
                                              now: RuleFixture.now.addingTimeInterval(60))
        guard case .fresh(let catalog) = outcome else { return XCTFail("expected a fresh catalog, got \(outcome)") }
        XCTAssertEqual(catalog.tags.map(\.tag), ["1.0", "2.0"])
    }

    func testNoRequestReachesTheRegistryBeforeRefreshAfterAndOneListingAfter() async throws {
        let fixture = try await RegistrySyncFixture(host: { $0.basic })
        let (path, sync, environment) = (fixture.path, fixture.sync, fixture.environment)
        let scratch = try ScratchDirectory()
        // Every request to the catalog's URL is logged, then forwarded to the real registry.
        let front = try AuthLoggingServer(name: "front", log: scratch.path("requests.log"),
                                          proxyTo: "http://\(fixture.host)")
        let source = CatalogSource(repository: fixture.repository, kind: .registry(url: front.baseURL),
                                   refreshAfter: 3600)
        let fetched = RuleFixture.day("2026-11-15")
        func listings() throws -> Int {
            try front.requests().filter { $0.path.hasPrefix("/v2/\(path)/tags/list") }.count
        }

        let first = await sync.syncRegistry(source, environment: environment, now: fetched)
        guard case .fresh(let catalog) = first else { return XCTFail("expected a fresh catalog, got \(first)") }
        XCTAssertEqual(catalog.tags.map(\.tag), ["1.0"])
        let afterFirst = try front.requests().count
        XCTAssertGreaterThan(try listings(), 0)

        let soon = await sync.syncRegistry(source, environment: environment, now: fetched.addingTimeInterval(1800))
        guard case .unchanged = soon else { return XCTFail("expected unchanged, got \(soon)") }
        XCTAssertEqual(try front.requests().count, afterFirst, "no request before refreshAfter")

        let listed = try listings()
        let later = await sync.syncRegistry(source, environment: environment, now: fetched.addingTimeInterval(3601))
        guard case .fresh = later else { return XCTFail("expected a fresh catalog, got \(later)") }
        XCTAssertGreaterThan(try listings(), listed, "the tags are listed again once refreshAfter has passed")
    }
}
