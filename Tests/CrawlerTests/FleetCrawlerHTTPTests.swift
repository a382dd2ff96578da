import Foundation
import Git
import Inventory
import TestSupport
import XCTest
@testable import Crawler

/// Crawls over real smart HTTP: `scripts/servers/git-http.sh` serves `CENSUS_TEST_GIT_HTTP_ROOT` at
/// `CENSUS_TEST_GIT_HTTP` through git-http-backend, with `private/` behind basic auth
/// (`x-access-token` / `CENSUS_TEST_GIT_TOKEN`). Skipped when no server was started (scripts/test.sh
/// starts one).
final class FleetCrawlerHTTPTests: XCTestCase {
    private var baseURL = ""
    private var servedRoot = ""
    private var token = ""
    /// This test's own folders under the served root (public and private), removed afterwards.
    private var publicFolder = ""
    private var privateFolder = ""
    private var scratch: ScratchDirectory!

    override func setUpWithError() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["CENSUS_TEST_GIT_HTTP"], let root = environment["CENSUS_TEST_GIT_HTTP_ROOT"],
              let token = environment["CENSUS_TEST_GIT_TOKEN"] else {
            throw XCTSkip("no loopback git HTTP server (start one with scripts/servers/git-http.sh start)")
        }
        baseURL = url
        servedRoot = root
        self.token = token
        let unique = "crawler-http-" + UUID().uuidString.lowercased()
        publicFolder = unique
        privateFolder = "private/" + unique
        scratch = try ScratchDirectory()
    }

    override func tearDownWithError() throws {
        guard !servedRoot.isEmpty else { return }
        try? FileManager.default.removeItem(atPath: servedRoot + "/" + publicFolder)
        try? FileManager.default.removeItem(atPath: servedRoot + "/" + privateFolder)
    }

    // MARK: Fixtures

    /// A served repository with `main` and `release/1.0`; returns its URL and branch tips.
    private func servedRepository(_ name: String, private isPrivate: Bool = false)
        throws -> (url: String, tips: [String: ObjectID]) {
        let folder = (isPrivate ? privateFolder : publicFolder) + "/" + name + ".git"
        let fixture = try GitFixture(at: servedRoot + "/" + folder)
        let main = try fixture.commit(texts: [
            "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0\n",
            "src/app.cs": "class App {}\n",
        ])
        let release = try fixture.commit(texts: [
            "Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:6.0\n",
            "src/app.cs": "class App {}\n",
        ], on: "release/1.0", parents: [main])
        try fixture.tag("v1", at: main)
        return (baseURL + "/" + folder, ["main": main, "release/1.0": release])
    }

    private func crawler(_ database: AppDatabase, token: String?, timeout: Duration? = nil) -> FleetCrawler {
        FleetCrawler(database: database, cacheDirectory: scratch.path("mirrors"), jobs: 4, scanJobs: 2,
                     credentials: Credentials(token: token, hosts: [HostPattern(String(baseURL.dropFirst("http://".count)))]
                                                .compactMap { $0 }),
                     timeout: timeout)
    }

    private func spec(_ url: String, name: String) -> RepositorySpec {
        RepositorySpec(url: url, branches: [BranchPattern("main"), BranchPattern("release/*")].compactMap { $0 },
                       name: name)
    }

    private func branchCommits(_ database: AppDatabase, repository: String) throws -> [String: String] {
        let result = try database.readOnlyQuery(sql: """
            SELECT branch, commit_id FROM current_branches WHERE repository = ? ORDER BY branch
            """, arguments: [.text(repository)])
        var commits: [String: String] = [:]
        for row in result.rows {
            if case .text(let branch) = row[0], case .text(let commit) = row[1] { commits[branch] = commit }
        }
        return commits
    }

    // MARK: Tests

    func testAListingMadeBeforeTheInventoryOpenedIsTheOneTheCrawlUses() async throws {
        let served = try servedRepository("early")
        let database = try AppDatabase.inMemory()
        var crawler = crawler(database, token: nil)
        let specs = [spec(served.url, name: "test/early")]
        let early = EarlyListings(specs, count: 8, credentials: crawler.credentials, timeout: nil)
        early.waitForAll()
        // The remote gains a branch after the listing: the crawl tracks the branches as listed, which a
        // crawl listing the remote itself would not.
        let fixture = try GitFixture(at: servedRoot + "/" + publicFolder + "/early.git")
        try fixture.commit(texts: ["Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:10.0\n"], on: "release/2.0",
                           parents: [try XCTUnwrap(served.tips["main"])])
        crawler.earlyListings = early

        let first = try await crawler.crawl(specs)

        XCTAssertEqual(first.failures.map(\.name), [])
        XCTAssertEqual(try branchCommits(database, repository: "test/early").keys.sorted(), ["main", "release/1.0"])
        XCTAssertNil(early.take(served.url), "a listing is taken once")
        _ = try await crawler.crawl(specs)
        XCTAssertEqual(try branchCommits(database, repository: "test/early").keys.sorted(), ["main", "release/1.0", "release/2.0"])
    }

    func testPublicAndTokenProtectedRepositoriesAreCrawledOverHTTPWithTheRightToken() async throws {
        let open = try servedRepository("open")
        let locked = try servedRepository("locked", private: true)
        let database = try AppDatabase.inMemory()

        let summary = try await crawler(database, token: token).crawl([
            spec(open.url, name: "test/open"), spec(locked.url, name: "test/locked"),
        ])

        XCTAssertEqual(summary.failures.map(\.name), [])
        XCTAssertEqual(summary.outcomes.map(\.branches), [2, 2])
        XCTAssertEqual(try branchCommits(database, repository: "test/open"),
                       ["main": open.tips["main"]?.hex, "release/1.0": open.tips["release/1.0"]?.hex].compactMapValues { $0 })
        XCTAssertEqual(try branchCommits(database, repository: "test/locked"),
                       ["main": locked.tips["main"]?.hex, "release/1.0": locked.tips["release/1.0"]?.hex].compactMapValues { $0 })
        let references = try database.currentReferences().filter { $0.repository == "test/locked" }
            .map { "\($0.branch) \($0.reference.path):\($0.reference.line) \($0.reference.image ?? "-")" }
        XCTAssertEqual(references.sorted(), [
            "main Dockerfile:1 mcr.microsoft.com/dotnet/sdk:8.0",
            "release/1.0 Dockerfile:1 mcr.microsoft.com/dotnet/sdk:6.0",
        ])
        let mirror = try MirrorStore(root: scratch.path("mirrors")).openOrCreate(url: locked.url)
        XCTAssertEqual(try mirror.localBranches(), locked.tips)
        XCTAssertEqual(try mirror.references().keys.filter { $0.hasPrefix("refs/tags/") }, [])
    }

    func testASecondCrawlOverHTTPListsTheRemoteAndSkipsTheFetch() async throws {
        let open = try servedRepository("again")
        let database = try AppDatabase.inMemory()
        let first = try await crawler(database, token: nil).crawl([spec(open.url, name: "test/again")])
        let second = try await crawler(database, token: nil).crawl([spec(open.url, name: "test/again")])

        XCTAssertEqual(first.outcomes.map(\.fetchSkipped), [false])
        XCTAssertEqual(second.outcomes.map(\.fetchSkipped), [true])
        XCTAssertEqual(second.outcomes.map(\.branchesReused), [2])
        let statuses = try database.readOnlyQuery(sql: """
            SELECT status FROM branch_scan WHERE run_id = ? ORDER BY status
            """, arguments: [.integer(second.runID)])
        XCTAssertEqual(statuses.rows, [[.text("unchanged")], [.text("unchanged")]])
    }

    func testAWrongTokenFailsWithAnAuthenticationErrorAndTheTokenIsNeverShown() async throws {
        let locked = try servedRepository("wrong-token", private: true)
        let database = try AppDatabase.inMemory()
        let wrong = "wrong-" + token

        let summary = try await crawler(database, token: wrong).crawl([spec(locked.url, name: "test/locked")])

        let failure = try XCTUnwrap(summary.failures.first)
        XCTAssertEqual(failure.error, GitError.authenticationFailed(url: locked.url).description)
        XCTAssertFalse(failure.error?.contains(wrong) ?? true)
        XCTAssertEqual(try database.failedRepositories(runID: summary.runID).map(\.error), [failure.error ?? ""])
    }

    func testNoTokenForAProtectedRepositoryIsAnAuthenticationError() async throws {
        let locked = try servedRepository("no-token", private: true)
        let database = try AppDatabase.inMemory()

        let summary = try await crawler(database, token: nil).crawl([spec(locked.url, name: "test/locked")])

        XCTAssertEqual(summary.failures.map(\.error), [GitError.authenticationFailed(url: locked.url).description])
    }

    func testAServerThatNeverAnswersTimesOutWhileTheOtherRepositoriesComplete() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let hungURL = "http://127.0.0.1:\(listener.port)/hung.git"
        let open = try servedRepository("beside-hung")
        let database = try AppDatabase.inMemory()

        let summary = try await crawler(database, token: nil, timeout: .seconds(1)).crawl([
            spec(hungURL, name: "test/hung"), spec(open.url, name: "test/open"),
        ])

        XCTAssertEqual(summary.failures.map(\.name), ["test/hung"])
        XCTAssertEqual(summary.failures.first?.error, GitError.timeout(url: hungURL, seconds: 1).description)
        XCTAssertEqual(try database.failedRepositories(runID: summary.runID).map(\.name), ["test/hung"])
        XCTAssertEqual(try branchCommits(database, repository: "test/open").count, 2)
    }
}
