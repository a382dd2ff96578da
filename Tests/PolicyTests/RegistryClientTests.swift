import Foundation
import TestSupport
import XCTest
@testable import Policy

/// Catalog sync against real `docker-registry` instances on loopback (basic auth and Bearer tokens).
final class RegistryClientTests: XCTestCase {
    private func client(_ host: String, user: String? = nil, password: String? = nil) -> RegistryClient {
        let credentials = user.map { RegistryCredentials(username: $0, password: password ?? "") }
        return RegistryClient(baseURL: URL(string: "http://\(host)")!, credentials: credentials, timeout: 10)
    }

    private func uniqueRepository() -> String {
        "census/t\(UUID().uuidString.prefix(8).lowercased())/base"
    }

    func testTokenRegistryCatalogHasEveryTagWithItsBuildDate() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, user: servers.user, password: servers.password)
        let path = uniqueRepository()
        try await registry.push(repository: path, tag: "1.0", created: "2026-01-01T00:00:00.123456789Z")
        try await registry.push(repository: path, tag: "2.0", created: "2026-10-01T12:30:00Z")
        let repository = "\(servers.token)/\(path)"
        let fetchedAt = CalendarDay.parse("2026-11-22")!
        let catalog = try await RegistryCatalogFetcher.distribution(repository: repository, client: registry, previous: nil,
                                                                    fetchedAt: fetchedAt)
        XCTAssertEqual(catalog.tags.map(\.tag), ["1.0", "2.0"])
        XCTAssertEqual(catalog.tag("1.0")?.created, CalendarDay.parse("2026-01-01"))
        XCTAssertEqual(catalog.tag("2.0")?.created, CalendarDay.date(year: 2026, month: 10, day: 1, hour: 12, minute: 30))
        XCTAssertEqual(catalog.tag("1.0")?.digest?.hasPrefix("sha256:"), true)
        XCTAssertEqual(catalog.tag("1.0")?.firstSeen, fetchedAt)
        XCTAssertEqual(catalog.origin, .registry)

        let policy = try PolicyDocument.decode("maxAgeDays: 180\n", file: "policy.yml")
        let findings = PolicyEvaluator(policy: policy).evaluate(reference: RuleFixture.usage("\(repository):1.0"),
                                                                catalogs: CatalogSnapshot([catalog]), now: fetchedAt)
        XCTAssertEqual(findings.map(\.rule), [.outdatedTag])
        XCTAssertEqual(findings.first?.message, "'\(repository):1.0' is 325 days old (built on 2026-01-01 according to the registry); the limit is 180 days. Move to a current tag.")
    }

    func testBasicAuthRegistryListsTags() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic, user: servers.user, password: servers.password)
        let path = uniqueRepository()
        try await registry.push(repository: path, tag: "stable", created: "2025-05-05T05:05:05Z")
        let tags = try await registry.tags(of: path)
        XCTAssertEqual(tags, ["stable"])
        let created = try await registry.created(of: path, reference: "stable")
        XCTAssertEqual(created, CalendarDay.date(year: 2025, month: 5, day: 5, hour: 5, minute: 5, second: 5))
    }

    func testPaginationFollowsLinkHeaders() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, user: servers.user, password: servers.password)
        let prefix = uniqueRepository()
        for name in ["a", "b", "c"] {
            try await registry.push(repository: "\(prefix)/\(name)", tag: "1", created: "2026-01-01T00:00:00Z")
        }
        let onePerPage = try await registry.repositories(pageSize: 1)
        let allAtOnce = try await registry.repositories(pageSize: 1000)
        XCTAssertEqual(onePerPage, allAtOnce)
        XCTAssertEqual(onePerPage.filter { $0.hasPrefix(prefix) }, ["\(prefix)/a", "\(prefix)/b", "\(prefix)/c"])
    }

    func testWrongPasswordAtTheTokenServiceIsAClearError() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, user: servers.user, password: "wrong")
        do {
            _ = try await registry.tags(of: "census/any/base")
            XCTFail("expected an authentication error")
        } catch {
            guard case .registryAuthenticationFailed(let url, let status, let problem) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(url.hasSuffix("/token"), url)
            XCTAssertEqual(status, 401)
            XCTAssertEqual(problem, "the token service rejected user 'census' (from configuration) (UNAUTHORIZED: invalid username or password)")
        }
    }

    func testWrongPasswordAtABasicRegistryIsAClearError() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic, user: servers.user, password: "wrong")
        do {
            _ = try await registry.tags(of: "census/any/base")
            XCTFail("expected an authentication error")
        } catch {
            XCTAssertEqual(String(describing: error),
                           "http://\(servers.basic)/v2/census/any/base/tags/list?n=1000: registry authentication failed (HTTP 401): the registry rejected user 'census' (from configuration)")
        }
    }

    func testMissingCredentialsNameTheEnvironmentVariables() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic)
        do {
            _ = try await registry.tags(of: "census/any/base")
            XCTFail("expected an authentication error")
        } catch {
            let key = RegistryCredentials.environmentKey(for: servers.basic)
            guard case .registryAuthenticationFailed(_, 401, let problem) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(problem, "the registry requires credentials and none are configured; set CENSUS_REGISTRY_USER and CENSUS_REGISTRY_PASSWORD, or CENSUS_REGISTRY_\(key)_USER/_PASSWORD")
        }
    }

    func testTagDeletedSinceTheLastFetchIsKeptAsRemoved() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, user: servers.user, password: servers.password)
        let path = uniqueRepository()
        try await registry.push(repository: path, tag: "old", created: "2025-01-01T00:00:00Z")
        try await registry.push(repository: path, tag: "new", created: "2026-01-01T00:00:00Z")
        let repository = "\(servers.token)/\(path)"
        let first = try await RegistryCatalogFetcher.distribution(repository: repository, client: registry, previous: nil,
                                                                  fetchedAt: CalendarDay.parse("2026-11-01")!)
        let oldDigest = try XCTUnwrap(first.tag("old")?.digest)
        try await registry.deleteManifest(repository: path, digest: oldDigest)
        let second = try await RegistryCatalogFetcher.distribution(repository: repository, client: registry, previous: first,
                                                                   fetchedAt: CalendarDay.parse("2026-11-08")!)
        XCTAssertEqual(second.tag("old")?.removedAt, CalendarDay.parse("2026-11-08"))
        XCTAssertEqual(second.tag("old")?.created, CalendarDay.parse("2025-01-01"))
        XCTAssertNil(second.tag("new")?.removedAt)
        XCTAssertEqual(second.tag("new")?.firstSeen, CalendarDay.parse("2026-11-01"))
    }

    func testUnreachableRegistryIsReportedAsUnreachable() async throws {
        let registry = client("127.0.0.1:1")
        do {
            _ = try await registry.tags(of: "team/base")
            XCTFail("expected an unreachable error")
        } catch {
            guard case .registryUnreachable(let url, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(url, "http://127.0.0.1:1/v2/team/base/tags/list?n=1000")
        }
    }
}

final class RegistryProtocolTests: XCTestCase {
    func testBearerChallengeParameters() {
        let challenge = HTTPChallenge.parse(#"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push""#)
        XCTAssertEqual(challenge, HTTPChallenge(scheme: "bearer", parameters: [
            "realm": "https://auth.example.com/token", "service": "registry.example.com", "scope": "repository:a/b:pull,push",
        ]))
        XCTAssertEqual(HTTPChallenge.parse("Basic realm=\"x\"")?.scheme, "basic")
        XCTAssertNil(HTTPChallenge.parse(nil))
    }

    func testLinkHeaderNextIsResolvedAgainstThePage() {
        let page = URL(string: "http://127.0.0.1:5000/v2/a/tags/list?n=2")!
        XCTAssertEqual(LinkHeader.next(#"</v2/a/tags/list?last=b&n=2>; rel="next""#, relativeTo: page)?.absoluteString,
                       "http://127.0.0.1:5000/v2/a/tags/list?last=b&n=2")
        XCTAssertNil(LinkHeader.next(#"</x>; rel="prev""#, relativeTo: page))
    }

    func testRFC3339WithNanosecondsAndOffsets() {
        XCTAssertEqual(RFC3339.parse("2026-01-02T03:04:05.123456789Z"), CalendarDay.date(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5))
        XCTAssertEqual(RFC3339.parse("2026-01-02T03:04:05+02:00"), CalendarDay.date(year: 2026, month: 1, day: 2, hour: 1, minute: 4, second: 5))
        XCTAssertNil(RFC3339.parse("2026-01-02"))
        XCTAssertNil(RFC3339.parse("yesterday"))
    }

    func testCredentialsComeFromPerHostVariablesFirst() {
        let environment = ["CENSUS_REGISTRY_USER": "all", "CENSUS_REGISTRY_PASSWORD": "p1",
                           "CENSUS_REGISTRY_REGISTRY_EXAMPLE_COM_USER": "one", "CENSUS_REGISTRY_REGISTRY_EXAMPLE_COM_PASSWORD": "p2"]
        XCTAssertEqual(RegistryCredentials.fromEnvironment(host: "registry.example.com", environment: environment)?.username, "one")
        XCTAssertEqual(RegistryCredentials.fromEnvironment(host: "other.example.com", environment: environment)?.username, "all")
        XCTAssertNil(RegistryCredentials.fromEnvironment(host: "x", environment: [:]))
        XCTAssertEqual(RegistryCredentials(username: "u", password: "secret").description, "user 'u' (from configuration)")
    }

    func testMCRCatalogKeepsTheLatestDatePerTag() throws {
        let json = """
        [ { "name": "8.0", "digest": "sha256:aaa", "lastModifiedDate": "2026-10-01T00:00:00Z", "architecture": "amd64" },
          { "name": "8.0", "digest": "sha256:bbb", "lastModifiedDate": "2026-11-01T00:00:00Z", "architecture": "arm64" },
          { "name": "6.0", "digest": "sha256:ccc", "createdDate": "2024-11-12T00:00:00.5Z" } ]
        """
        let tags = try RegistryCatalogFetcher.parseMCRCatalog(Data(json.utf8), url: "u")
        XCTAssertEqual(tags, [
            CatalogTag(tag: "6.0", created: CalendarDay.parse("2024-11-12"), digest: "sha256:ccc"),
            CatalogTag(tag: "8.0", created: CalendarDay.parse("2026-11-01"), digest: "sha256:bbb"),
        ])
        XCTAssertThrowsError(try RegistryCatalogFetcher.parseMCRCatalog(Data("{}".utf8), url: "u"))
    }

    func testLoopbackRegistriesUsePlainHTTP() {
        XCTAssertEqual(RegistryClient.defaultBaseURL(forHost: "127.0.0.1:5000")?.absoluteString, "http://127.0.0.1:5000")
        XCTAssertEqual(RegistryClient.defaultBaseURL(forHost: "localhost:5000")?.absoluteString, "http://localhost:5000")
        XCTAssertEqual(RegistryClient.defaultBaseURL(forHost: "mcr.microsoft.com")?.absoluteString, "https://mcr.microsoft.com")
    }
}
