import Extraction
import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Policy

/// Catalogs and findings kept in the inventory: refreshes, stale last-good data, findings per run.
final class CatalogStorageTests: XCTestCase {
    private let now = RuleFixture.now

    func testCatalogRoundTripsThroughTheInventory() throws {
        let database = try AppDatabase.inMemory()
        var catalog = RuleFixture.prereqsCatalog
        catalog.tags[0].platform = TagPlatform(os: "linux", osVersion: "bionic", architecture: "arm64", dockerfile: "src/x")
        catalog.tags[1].lifecycle = ImageLifecycle(endOfLife: CalendarDay.date(year: 2026, month: 5, day: 14, hour: 10, minute: 20, second: 30),
                                                   referrer: "sha256:" + String(repeating: "a", count: 64),
                                                   annotation: "2026-05-14T10:20:30Z", lookup: .api, checkedAt: now)
        catalog.tags[2].lifecycle = ImageLifecycle(endOfLife: nil, lookup: .tagSchema, checkedAt: now)
        catalog.warnings = ["one warning"]
        try database.storeCatalog(catalog.record, at: now)
        let loaded = Catalog(record: try XCTUnwrap(try database.catalog(repository: RuleFixture.prereqs)))
        XCTAssertEqual(loaded, catalog)
        XCTAssertFalse(loaded.isStale)
    }

    func testUnreachableRegistryKeepsTheLastGoodCatalogAndReportsItStale() async throws {
        let fixture = try await RegistrySyncFixture()
        let (path, repository, sync, environment) = (fixture.path, fixture.repository, fixture.sync, fixture.environment)

        let first = await sync.syncRegistry(CatalogSource(repository: repository, kind: .registry(url: nil)),
                                            environment: environment, now: CalendarDay.parse("2026-11-15")!)
        guard case .fresh(let fresh) = first else { return XCTFail("expected a fresh catalog, got \(first)") }
        XCTAssertEqual(fresh.tags.map(\.tag), ["1.0"])

        let unreachable = CatalogSource(repository: repository, kind: .registry(url: "http://127.0.0.1:1"))
        let second = await sync.syncRegistry(unreachable, environment: environment, timeout: 5, now: now)
        guard case .stale(let stale, let error) = second else { return XCTFail("expected stale data, got \(second)") }
        guard case .registryUnreachable = error else { return XCTFail("\(error)") }
        XCTAssertEqual(stale.tags.map(\.tag), ["1.0"])
        XCTAssertEqual(stale.fetchedAt, CalendarDay.parse("2026-11-15"))
        XCTAssertEqual(stale.staleReason?.hasPrefix("refresh on 2026-11-22 failed: http://127.0.0.1:1/v2/\(path)/tags/list?n=1000: registry unreachable"), true,
                       stale.staleReason ?? "")

        let policy = PolicyDocument(catalogs: [unreachable])
        let snapshot = try sync.snapshot(for: policy)
        XCTAssertEqual(snapshot.catalog(for: repository)?.isStale, true)
        let findings = PolicyEvaluator(policy: policy).evaluate(reference: RuleFixture.usage("\(repository):2.0"),
                                                                catalogs: snapshot, now: now)
        XCTAssertEqual(findings.map(\.rule), [.unknownTag])
        XCTAssertEqual(findings.first?.explanation.contains("The catalog could not be refreshed (refresh on 2026-11-22 failed"), true)
    }

    func testFailedFirstRefreshHasNoCatalog() async throws {
        let database = try AppDatabase.inMemory()
        let source = CatalogSource(repository: "127.0.0.1:1/team/base", kind: .registry(url: nil))
        let outcome = await CatalogSync(database: database).syncRegistry(source, environment: [:], timeout: 5, now: now)
        guard case .failed(let repository, .registryUnreachable) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(repository, "127.0.0.1:1/team/base")
        XCTAssertNil(try database.catalog(repository: repository))
    }

    func testManifestSyncStoresTheCatalogBuiltFromGitHistory() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "prereqs.git")
        try fixture.commit(texts: ["manifest.json": """
            { "registry": "mcr.microsoft.com", "repos": [ { "name": "dotnet-buildtools/prereqs", "images": [
              { "platforms": [ { "dockerfile": "src/a", "os": "linux", "osVersion": "noble", "tags": { "ubuntu-24.04-helix-amd64": {} } } ] } ] } ] }
            """])
        let database = try AppDatabase.inMemory()
        let source = CatalogSource(repository: RuleFixture.prereqs, kind: .manifest(git: fixture.path, branch: "main", path: "manifest.json"))
        let outcome = CatalogSync(database: database).syncManifest(source, history: {
            try GitManifestHistory(repository: fixture.repository, branch: "main")
        }, now: now)
        guard case .fresh(let catalog) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(catalog.tags.map(\.tag), ["ubuntu-24.04-helix-amd64"])
        XCTAssertEqual(catalog.source, "git \(fixture.path) main:manifest.json")
        XCTAssertEqual(try database.catalog(repository: RuleFixture.prereqs)?.tags.map(\.tag), ["ubuntu-24.04-helix-amd64"])
    }

    func testFindingsAreStoredPerRunAndCurrentFindingsShowsTheLatest() throws {
        let database = try AppDatabase.inMemory()
        let repositoryID = try database.upsertRepository(RepositoryInfo(name: "dotnet/runtime", url: "/srv/runtime.git", team: "runtime"))
        let commit = String(repeating: "a", count: 40)
        let references = [
            RuleFixture.usage("\(RuleFixture.prereqs):ubuntu-18.04-cross-arm64", path: "eng/pipelines/ci.yml", line: 40),
            RuleFixture.usage("\(RuleFixture.prereqs):ubuntu-22.04-cross-arm64", path: "eng/pipelines/ci.yml", line: 52),
        ]
        let firstRun = try database.startRun(at: CalendarDay.parse("2026-11-15")!)
        try database.recordBranchScan(BranchScanRecord(runID: firstRun, repositoryID: repositoryID, branch: "main",
                                                       commit: commit, status: .ok, references: references, scannedAt: now))
        try database.recordRepositoryScan(runID: firstRun, repositoryID: repositoryID, status: .ok, error: nil, duration: .seconds(1))
        let recorder = FindingsRecorder(policy: RuleFixture.policy, database: database)
        XCTAssertEqual(try recorder.evaluateCurrentReferences(runID: firstRun, catalogs: RuleFixture.catalogs, now: now).counts.findings, 3)

        let secondRun = try database.startRun(at: now)
        try database.recordBranchScan(BranchScanRecord(runID: secondRun, repositoryID: repositoryID, branch: "main",
                                                       commit: commit, status: .unchanged, scannedAt: now))
        try database.recordRepositoryScan(runID: secondRun, repositoryID: repositoryID, status: .ok, error: nil, duration: .seconds(1))
        var relaxed = RuleFixture.policy
        relaxed.severities = [.outdatedTag: Severity?.none]
        try FindingsRecorder(policy: relaxed, database: database)
            .evaluateCurrentReferences(runID: secondRun, catalogs: RuleFixture.catalogs, now: now)

        let current = try database.currentFindings()
        XCTAssertEqual(current.map(\.rule), ["eol-os", "removed-tag"])
        XCTAssertEqual(current.map(\.line), [40, 40])
        XCTAssertEqual(current.first?.runID, secondRun)
        XCTAssertEqual(current.first?.policyHash, relaxed.hash)
        XCTAssertEqual(current.first?.suggestion, "\(RuleFixture.prereqs):ubuntu-22.04-cross-arm64")
        XCTAssertEqual(current.first?.team, "runtime")

        let trend = try database.readOnlyQuery(sql: "SELECT run_id, rule, findings FROM findings_by_run ORDER BY run_id, rule")
        XCTAssertEqual(trend.rows.count, 5)
    }

    func testBranchesSharingAFileShareItsStoredFindingsAndEachListsThem() throws {
        let database = try AppDatabase.inMemory()
        let repositoryID = try database.upsertRepository(RepositoryInfo(name: "dotnet/runtime", url: "/srv/runtime.git", team: "runtime"))
        let references = [
            RuleFixture.usage("\(RuleFixture.prereqs):ubuntu-18.04-cross-arm64", path: "eng/pipelines/ci.yml", line: 40),
            RuleFixture.usage("\(RuleFixture.prereqs):ubuntu-22.04-cross-arm64", path: "eng/pipelines/ci.yml", line: 52),
        ]
        let run = try database.startRun(at: CalendarDay.parse("2026-11-15")!)
        // Two commits whose eng/pipelines/ci.yml resolves alike: one file scan, one set of reference rows.
        for (branch, digit) in [("main", "a"), ("release/9.0", "b")] {
            try database.recordBranchScan(BranchScanRecord(runID: run, repositoryID: repositoryID, branch: branch,
                                                           commit: String(repeating: digit, count: 40), status: .ok,
                                                           references: references, scannedAt: now))
        }
        try database.recordRepositoryScan(runID: run, repositoryID: repositoryID, status: .ok, error: nil, duration: .seconds(1))

        let recorder = FindingsRecorder(policy: RuleFixture.policy, database: database)
        // Six findings as reports count them (three per branch), stored once for the shared file.
        XCTAssertEqual(try recorder.evaluateCurrentReferences(runID: run, catalogs: RuleFixture.catalogs, now: now).counts,
                       FindingsRecorder.Counts(findings: 6, distinct: 3))
        XCTAssertEqual(try database.readOnlyQuery(sql: "SELECT count(*) FROM finding").rows, [[.integer(3)]])
        let current = try database.currentFindings()
        XCTAssertEqual(current.map { "\($0.branch) \($0.line) \($0.rule)" }, [
            "main 40 eol-os", "main 40 outdated-tag", "main 40 removed-tag",
            "release/9.0 40 eol-os", "release/9.0 40 outdated-tag", "release/9.0 40 removed-tag",
        ])
    }
}
