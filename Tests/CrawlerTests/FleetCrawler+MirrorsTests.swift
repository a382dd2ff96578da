import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Crawler

/// Damaged mirrors heal themselves: each test crawls a repository served over smart HTTP on
/// loopback once (census keeps mirrors of network repositories only; one on this machine is read in
/// place), damages its mirror the way an interrupted or broken git process would, and checks that
/// synchronizing repairs it (saying so), that the next crawl records every branch from a complete
/// mirror, and that nothing needs repairing afterwards.
final class FleetCrawlerMirrorsTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var remote: GitFixture!
    private var database: AppDatabase!
    private var spec: RepositorySpec!
    /// The served folder of this test's repositories, and its URL.
    private var served: (folder: String, url: String)!

    override func setUp() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let base = environment["CENSUS_TEST_GIT_HTTP"], let root = environment["CENSUS_TEST_GIT_HTTP_ROOT"] else {
            throw XCTSkip("no loopback git HTTP server (start one with scripts/servers/git-http.sh start)")
        }
        let name = "mirror-repair-" + UUID().uuidString.lowercased()
        served = (root + "/" + name, base + "/" + name)
        addTeardownBlock { [folder = served.folder] in try? FileManager.default.removeItem(atPath: folder) }
        scratch = try ScratchDirectory()
        remote = try GitFixture(at: served.folder + "/tools.git")
        try remote.commit(texts: ["Dockerfile": "FROM alpine:3.20\n", "eng/Dockerfile": "FROM ubuntu:24.04\n"])
        try remote.setDefaultBranch("main")
        database = try AppDatabase(path: scratch.path("census.sqlite"))
        spec = RepositorySpec(url: served.url + "/tools.git", branches: [], name: "tools")
        let first = try await crawler().crawl([spec])
        XCTAssertTrue(first.failures.isEmpty && first.outcomes.allSatisfy(\.branchErrors.isEmpty), "\(first.outcomes)")
    }

    private func crawler(database: AppDatabase? = nil, cache: String = "mirrors") -> FleetCrawler {
        var crawler = FleetCrawler(database: database ?? self.database, cacheDirectory: scratch.path(cache), jobs: 2,
                                   scanJobs: 1, credentials: .anonymous)
        // A mirror lock that were never released would fail the test instead of stalling it.
        crawler.mirrors.lockWait = .seconds(60)
        return crawler
    }

    private var mirror: String { crawler().mirrors.path(for: spec.url) }

    /// Synchronizes the mirror once and keeps only what the tests look at, so that the mirror's lock
    /// is released when this returns.
    private func synchronize(_ crawler: FleetCrawler? = nil) -> (repaired: String?, error: String?) {
        let sync = (crawler ?? self.crawler()).synchronize(spec)
        if case .failed(let message) = sync.state { return (sync.repaired, message) }
        return (sync.repaired, nil)
    }

    /// Crawls again and returns the images recorded for main, failing on any repository or branch error.
    private func crawlMain() async throws -> [String?] {
        let summary = try await crawler().crawl([spec])
        XCTAssertEqual(summary.failures.map(\.name), [])
        XCTAssertEqual(summary.outcomes.flatMap(\.branchErrors), [])
        return try database.currentReferences(ReferenceFilter(repository: "tools", branch: "main"))
            .map(\.reference.image)
    }

    /// Reads every tree and blob of main's tip in the mirror; throws when any object is missing.
    private func readWholeTip() throws {
        let repository = try Repository.open(at: mirror)
        let tip = try XCTUnwrap(try repository.localBranches()["main"])
        for entry in try repository.walkTree(try repository.commitInfo(tip).tree, include: { _ in true }) {
            _ = try repository.readBlob(entry.id, maxSize: 1 << 20)
        }
    }

    /// Writes a file into the mirror dated an hour ago, as if left by an earlier, interrupted process.
    private func leaveBehind(_ relative: String, _ text: String = "") throws {
        let path = mirror + "/" + relative
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: path)
    }

    private func deletePacks() throws {
        let packs = mirror + "/objects/pack"
        let files = try FileManager.default.contentsOfDirectory(atPath: packs)
        XCTAssertFalse(files.isEmpty)
        for file in files { try FileManager.default.removeItem(atPath: packs + "/" + file) }
    }

    func testAMirrorThatLostItsPackBeforeUpstreamMovedIsFetchedAgain() async throws {
        try deletePacks()
        // eng/ does not change: a fetch on top of the old tip would bring only the new objects.
        try remote.commit(texts: ["Dockerfile": "FROM alpine:3.21\n", "eng/Dockerfile": "FROM ubuntu:24.04\n"])

        XCTAssertEqual(synchronize().repaired, "mirror was damaged (missing objects on branch main) and was fetched again")
        XCTAssertNoThrow(try readWholeTip())
        let images = try await crawlMain()
        XCTAssertEqual(images, ["alpine:3.21", "ubuntu:24.04"])
        XCTAssertEqual(synchronize().repaired, nil)
    }

    func testAMirrorThatLostItsPackIsFetchedAgainEvenWhenNothingMoved() async throws {
        try deletePacks()

        XCTAssertEqual(synchronize().repaired, "mirror was damaged (missing objects on branch main) and was fetched again")
        XCTAssertNoThrow(try readWholeTip())
        // A new inventory has nothing cached: every file is read from the mirror.
        database = try AppDatabase(path: scratch.path("moved.sqlite"))
        let images = try await crawlMain()
        XCTAssertEqual(images, ["alpine:3.20", "ubuntu:24.04"])
        XCTAssertEqual(synchronize().repaired, nil)
    }

    func testABranchLockLeftByAnInterruptedProcessIsDeleted() async throws {
        try leaveBehind("refs/heads/main.lock")
        try remote.commit(texts: ["Dockerfile": "FROM alpine:3.21\n"])

        XCTAssertEqual(synchronize().repaired,
                       "deleted what an interrupted git process left in the mirror: refs/heads/main.lock")
        XCTAssertFalse(FileManager.default.fileExists(atPath: mirror + "/refs/heads/main.lock"))
        let images = try await crawlMain()
        XCTAssertEqual(images, ["alpine:3.21"])
        XCTAssertEqual(synchronize().repaired, nil)
    }

    func testABranchLockThatIsNotStaleMakesTheFetchFailAndTheMirrorIsRecreated() async throws {
        // Not older than the crawl: it might belong to a git process still running, so it is not
        // deleted; the fetch then fails on it and the mirror is cloned again instead.
        try Data().write(to: URL(fileURLWithPath: mirror + "/refs/heads/main.lock"))
        try remote.commit(texts: ["Dockerfile": "FROM alpine:3.21\n"])
        var crawler = crawler()
        crawler.mirrors.staleBefore = .distantPast

        XCTAssertEqual(synchronize(crawler).repaired,
                       "mirror was damaged (lock file refs/heads/main.lock left behind) and was fetched again")
        let images = try await crawlMain()
        XCTAssertEqual(images, ["alpine:3.21"])
        XCTAssertEqual(synchronize().repaired, nil)
    }

    func testAGarbledLooseBranchReferenceIsRepaired() async throws {
        try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: mirror + "/refs/heads/main"))

        XCTAssertEqual(synchronize().repaired,
                       "mirror was damaged (an unreadable branch reference) and was fetched again")
        let images = try await crawlMain()
        XCTAssertEqual(images, ["alpine:3.20", "ubuntu:24.04"])
        XCTAssertEqual(synchronize().repaired, nil)
    }

    /// Leaves the mirror with the tip's commit and root tree but without the objects below them: two
    /// packs, the first crawl's (with eng/) and the second's (the new Dockerfile, new root tree), and
    /// the first deleted.
    private func loseThePackBelowTheTip() async throws {
        let packs = mirror + "/objects/pack"
        let firstPack = try FileManager.default.contentsOfDirectory(atPath: packs)
        try remote.commit(texts: ["Dockerfile": "FROM alpine:3.21\n", "eng/Dockerfile": "FROM ubuntu:24.04\n"])
        _ = try await crawlMain()
        for file in firstPack { try FileManager.default.removeItem(atPath: packs + "/" + file) }
    }

    func testAMirrorMissingObjectsBelowItsTipsIsRepairedWhenAScanFindsThem() async throws {
        try await loseThePackBelowTheTip()

        // The tip's commit and root tree are still there: synchronizing sees nothing wrong.
        let crawler = crawler()
        let sync = crawler.synchronize(spec)
        XCTAssertNil(sync.repaired)
        guard case .ready(let damaged) = sync.state else { return XCTFail("\(sync.state)") }
        let tip = try XCTUnwrap(damaged.tips["main"])
        // A new inventory has nothing cached, so the scan reads eng/ from the mirror.
        let fresh = try AppDatabase(path: scratch.path("fresh.sqlite"))
        let caches = FleetCrawler.ScanCaches(facts: InventoryFactsCache(database: fresh),
                                             trees: InventoryTreeCache(database: fresh))
        let failed = crawler.scanCommit(tip, branches: ["main"], mirror: damaged, runID: 1, caches: caches)
        guard case .failure(let error) = failed.scan else { return XCTFail("the scan should fail on missing objects") }
        let damage = try XCTUnwrap((error as? GitError)?.localDamage, "\(error)")

        let repair = crawler.repair(damaged, of: spec, because: damage)
        XCTAssertEqual(repair.repaired, "mirror was damaged (missing objects) and was fetched again")
        guard case .ready(let repaired) = repair.state else { return XCTFail("\(repair.state)") }
        XCTAssertEqual(repaired.tips, damaged.tips)
        let scanned = crawler.scanCommit(tip, branches: ["main"], mirror: repaired, runID: 1, caches: caches)
        guard case .success(let scan) = scanned.scan else { return XCTFail("\(scanned.scan)") }
        XCTAssertEqual(scan.referenceCount, 2)
        XCTAssertNoThrow(try readWholeTip())
    }

    func testACrawlWhoseScanFindsMissingObjectsRepairsTheMirrorAndRecordsTheBranch() async throws {
        // As above, but through a whole crawl: the repair is noted, the branch is scanned again and ok.
        try await loseThePackBelowTheTip()
        database = try AppDatabase(path: scratch.path("fresh.sqlite"))

        let summary = try await crawler().crawl([spec])
        let outcome = try XCTUnwrap(summary.outcomes.first)
        XCTAssertEqual(outcome.status, .ok, "\(outcome)")
        XCTAssertEqual(outcome.repaired, "mirror was damaged (missing objects) and was fetched again")
        XCTAssertTrue(CrawlProgressPrinter.describe(outcome).contains("repaired: mirror was damaged (missing objects)"))
        XCTAssertEqual(try database.currentReferences().compactMap(\.reference.image).sorted(), ["alpine:3.21", "ubuntu:24.04"])
        let note = try database.readOnlyQuery(sql: "SELECT note FROM repository_scan").rows.first?.first
        XCTAssertEqual(note, .text("mirror was damaged (missing objects) and was fetched again"))
    }

    func testARepairBeforeFetchingIsRecordedWithTheRepository() async throws {
        try deletePacks()
        let summary = try await crawler().crawl([spec])
        XCTAssertEqual(summary.outcomes.first?.repaired,
                       "mirror was damaged (missing objects on branch main) and was fetched again")
        let note = try database.readOnlyQuery(sql: "SELECT note FROM repository_scan ORDER BY run_id DESC").rows.first?.first
        XCTAssertEqual(note, .text("mirror was damaged (missing objects on branch main) and was fetched again"))
    }

    func testPartialPacksAndObjectsOfAnInterruptedFetchAreDeleted() async throws {
        try leaveBehind("objects/pack/pack_git2_abc", "PACK")
        try leaveBehind("objects/tmp_object_git2_def", "x")
        try leaveBehind("packed-refs.lock")

        XCTAssertEqual(synchronize().repaired, "deleted what an interrupted git process left in the mirror: "
                       + "objects/pack/pack_git2_abc, objects/tmp_object_git2_def, packed-refs.lock")
        for leftover in ["objects/pack/pack_git2_abc", "objects/tmp_object_git2_def", "packed-refs.lock"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: mirror + "/" + leftover), leftover)
        }
        let images = try await crawlMain()
        XCTAssertEqual(images, ["alpine:3.20", "ubuntu:24.04"])
        XCTAssertEqual(synchronize().repaired, nil)
    }

    func testTwoCrawlsSharingACacheBothRecordEveryRepository() async throws {
        var specs: [RepositorySpec] = []
        for index in 0..<4 {
            let fixture = try GitFixture(at: served.folder + "/app\(index).git")
            try fixture.commit(texts: ["Dockerfile": "FROM alpine:3.\(index)\n"])
            specs.append(RepositorySpec(url: served.url + "/app\(index).git", branches: [], name: "app\(index)"))
        }
        let other = try AppDatabase(path: scratch.path("other.sqlite"))
        let crawlers = [crawler(cache: "shared"), crawler(database: other, cache: "shared")]
        async let first = crawlers[0].crawl(specs)
        async let second = crawlers[1].crawl(specs)
        let outcomes = try await first.outcomes + second.outcomes

        XCTAssertEqual(outcomes.compactMap(\.error), [])
        XCTAssertEqual(outcomes.map(\.references), Array(repeating: 1, count: 8))
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.path("shared"))
        XCTAssertEqual(names.filter { $0.contains(MirrorStore.discardedInfix) }, [])
    }
}
