import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import XCTest
@testable import Policy

/// `census cleanup execute` against real `docker-registry` instances on loopback with deletes enabled
/// (scripts/servers/registry.sh), holding images this test pushes itself.
final class CleanupExecutorTests: XCTestCase {
    private let now = CalendarDay.parse("2026-11-22")!

    private func client(_ host: String, user: String?, password: String?) -> RegistryClient {
        let credentials = user.map { RegistryCredentials(username: $0, password: password ?? "") }
        return RegistryClient(baseURL: URL(string: "http://\(host)")!, credentials: credentials, timeout: 10)
    }

    private func uniquePath() -> String {
        "census/cleanup\(UUID().uuidString.prefix(8).lowercased())/base"
    }

    private func usage(_ tag: String) -> CleanupUsage {
        CleanupUsage(repository: "dotnet/runtime", branch: "main", commitID: "abc", path: "eng/ci.yml", line: 4,
                     image: tag, tag: tag, digest: nil, owner: "@dotnet/runtime", ownerSource: "codeowners", link: nil,
                     lastSeenRunID: 1, current: true)
    }

    /// Pushes `old-a`, `old-b` (old, unused), `old-used` (old, used), `fresh` (young) and plans from the
    /// registry's own catalog.
    private func pushAndPlan(_ registry: RegistryClient, host: String, path: String,
                             usages: [CleanupUsage]) async throws -> CleanupPlan {
        try await registry.push(repository: path, tag: "old-a", created: "2026-01-01T00:00:00Z")
        try await registry.push(repository: path, tag: "old-b", created: "2026-02-01T00:00:00Z")
        try await registry.push(repository: path, tag: "old-used", created: "2026-03-01T00:00:00Z")
        try await registry.push(repository: path, tag: "fresh", created: "2026-11-01T00:00:00Z")
        let repository = "\(host)/\(path)"
        let catalog = try await RegistryCatalogFetcher.distribution(repository: repository, client: registry,
                                                                    previous: nil, fetchedAt: now)
        return CleanupPlanner(maxAgeDays: 180, now: now).plan(
            catalog: catalog, source: CatalogSource(repository: repository, kind: .registry(url: nil)), usages: usages,
            week: "2026-W47", runID: 1, recentRuns: 4, runIDs: [1])
    }

    private func tags(_ registry: RegistryClient, _ path: String) async throws -> [String] {
        try await registry.tags(of: path).sorted()
    }

    func testExecuteDeletesExactlyThePlansDeleteTags() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, user: servers.user, password: servers.password)
        let path = uniquePath()
        let plan = try await pushAndPlan(registry, host: servers.token, path: path, usages: [usage("old-used")])
        XCTAssertEqual(plan.tags.map(\.verdict), [.keep, .delete, .delete, .blocked])
        XCTAssertEqual(plan.tags.map(\.tag), ["fresh", "old-a", "old-b", "old-used"])

        let actions = try await CleanupExecutor(plan: plan, client: registry).run(dryRun: false) { _, _ in [] }
        XCTAssertEqual(actions.map(\.tag), ["old-a", "old-b"])
        XCTAssertEqual(actions.map(\.outcome), [.deleted, .deleted])
        XCTAssertEqual(actions.first?.digest, plan.tags.first { $0.tag == "old-a" }?.digest)
        let left = try await tags(registry, path)
        XCTAssertEqual(left, ["fresh", "old-used"])

        let again = try await CleanupExecutor(plan: plan, client: registry).run(dryRun: false) { _, _ in [] }
        XCTAssertEqual(again.map(\.outcome), [.alreadyGone, .alreadyGone])
    }

    func testADryRunDeletesNothing() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic, user: servers.user, password: servers.password)
        let path = uniquePath()
        let plan = try await pushAndPlan(registry, host: servers.basic, path: path, usages: [])
        let actions = try await CleanupExecutor(plan: plan, client: registry).run(dryRun: true) { _, _ in [] }
        XCTAssertEqual(actions.map(\.tag), ["old-a", "old-b", "old-used"])
        XCTAssertEqual(Set(actions.map(\.outcome)), [.wouldDelete])
        let left = try await tags(registry, path)
        XCTAssertEqual(left, ["fresh", "old-a", "old-b", "old-used"])
    }

    func testATagUsedSinceThePlanIsSkipped() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic, user: servers.user, password: servers.password)
        let path = uniquePath()
        let plan = try await pushAndPlan(registry, host: servers.basic, path: path, usages: [])
        XCTAssertEqual(plan.tags(.delete).map(\.tag), ["old-a", "old-b", "old-used"])

        // The inventory at execute time: a branch started using old-used after the plan was made.
        let newUsage = usage("old-used")
        let actions = try await CleanupExecutor(plan: plan, client: registry).run(dryRun: false) { tag, _ in
            tag == "old-used" ? [newUsage] : []
        }
        XCTAssertEqual(actions.map(\.outcome), [.deleted, .deleted, .skippedUsed])
        XCTAssertEqual(actions.last?.detail, "used since the plan was made: dotnet/runtime/main/eng/ci.yml:4")
        let left = try await tags(registry, path)
        XCTAssertEqual(left, ["fresh", "old-used"])
    }

    func testADigestAnotherTagStillPointsToIsRefused() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, user: servers.user, password: servers.password)
        let path = uniquePath()
        let plan = try await pushAndPlan(registry, host: servers.token, path: path, usages: [usage("old-used")])
        // Pushed after the plan: the same content as old-a under a new tag, so one manifest holds both.
        try await registry.push(repository: path, tag: "pinned-copy", created: "2026-01-01T00:00:00Z")
        let shared = try await registry.manifestDigest(of: path, reference: "pinned-copy")
        XCTAssertEqual(shared, plan.tags.first { $0.tag == "old-a" }?.digest)

        let actions = try await CleanupExecutor(plan: plan, client: registry).run(dryRun: false) { _, _ in [] }
        XCTAssertEqual(actions.map(\.outcome), [.refusedSharedDigest, .deleted])
        XCTAssertEqual(actions.first?.detail, "\(shared ?? "") is also tag pinned-copy, which is not in the plan's delete list")
        let left = try await tags(registry, path)
        XCTAssertEqual(left, ["fresh", "old-a", "old-used", "pinned-copy"])
    }

    func testATagRepushedSinceThePlanIsSkipped() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic, user: servers.user, password: servers.password)
        let path = uniquePath()
        let plan = try await pushAndPlan(registry, host: servers.basic, path: path, usages: [usage("old-used")])
        try await registry.push(repository: path, tag: "old-b", created: "2026-11-20T00:00:00Z")
        let actions = try await CleanupExecutor(plan: plan, client: registry).run(dryRun: false) { _, _ in [] }
        XCTAssertEqual(actions.map(\.outcome), [.deleted, .skippedMoved])
        let left = try await tags(registry, path)
        XCTAssertEqual(left, ["fresh", "old-b", "old-used"])
    }

    func testAnAuthenticationFailureDeletesNothing() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, user: servers.user, password: servers.password)
        let path = uniquePath()
        let plan = try await pushAndPlan(registry, host: servers.token, path: path, usages: [])
        let wrong = client(servers.token, user: servers.user, password: "wrong")
        do {
            _ = try await CleanupExecutor(plan: plan, client: wrong).run(dryRun: false) { _, _ in [] }
            XCTFail("expected an authentication error")
        } catch let error as PolicyError {
            guard case .registryAuthenticationFailed(_, let status, let problem) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(status, 401)
            XCTAssertTrue(problem.contains("rejected user 'census'"), problem)
        }
        let left = try await tags(registry, path)
        XCTAssertEqual(left, ["fresh", "old-a", "old-b", "old-used"])
    }

    func testAnUnreachableRegistryDeletesNothing() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic, user: servers.user, password: servers.password)
        let path = uniquePath()
        let plan = try await pushAndPlan(registry, host: servers.basic, path: path, usages: [])
        let closed = client("127.0.0.1:1", user: servers.user, password: servers.password)
        do {
            _ = try await CleanupExecutor(plan: plan, client: closed).run(dryRun: false) { _, _ in [] }
            XCTFail("expected the registry to be unreachable")
        } catch let error as PolicyError {
            guard case .registryUnreachable = error else { return XCTFail("\(error)") }
        }
        let left = try await tags(registry, path)
        XCTAssertEqual(left, ["fresh", "old-a", "old-b", "old-used"])
    }

    func testPlanSizesAreWhatTheManifestStates() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic, user: servers.user, password: servers.password)
        let path = uniquePath()
        try await registry.push(repository: path, tag: "1", created: "2026-01-01T00:00:00Z")
        let config = #"{"architecture":"amd64","os":"linux","created":"2026-01-01T00:00:00Z","rootfs":{"type":"layers","diff_ids":[]}}"#
        let size = try await registry.imageSize(of: path, reference: "1")
        XCTAssertEqual(size, Int64(config.utf8.count))
    }

    func testTheSizeOfAnIndexIsTheSumOfItsManifests() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic, user: servers.user, password: servers.password)
        let path = uniquePath()
        try await registry.push(repository: path, tag: "amd64", created: "2026-01-01T00:00:00Z")
        try await registry.push(repository: path, tag: "arm64", created: "2026-01-02T00:00:00Z")
        var entries: [String] = []
        var expected: Int64 = 0
        for tag in ["amd64", "arm64"] {
            let digest = try await registry.manifestDigest(of: path, reference: tag) ?? ""
            let size = try await registry.imageSize(of: path, reference: tag) ?? 0
            expected += size
            entries.append(#"{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\#(digest)","size":300,"platform":{"os":"linux","architecture":"\#(tag)"}}"#)
        }
        let index = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[\#(entries.joined(separator: ","))]}"#
        var put = URLRequest(url: URL(string: "http://\(servers.basic)/v2/\(path)/manifests/multi")!)
        put.httpMethod = "PUT"
        put.setValue("application/vnd.oci.image.index.v1+json", forHTTPHeaderField: "Content-Type")
        put.httpBody = Data(index.utf8)
        let (_, response) = try await registry.send(put, scope: "repository:\(path):pull,push")
        XCTAssertEqual(response.statusCode, 201)
        let size = try await registry.imageSize(of: path, reference: "multi")
        XCTAssertEqual(size, expected)
        XCTAssertGreaterThan(expected, 0)
    }
}
