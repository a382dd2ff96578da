import Foundation
import Inventory
import TestSupport
import XCTest
@testable import Policy
import TestSupport

/// End-of-life dates from registry lifecycle referrers, against the real loopback `docker-registry`.
///
/// Debian's registry is distribution 2.8: it has no referrers API (the endpoint answers 404), so these
/// tests exercise the referrers tag schema with artifacts and `sha256-<hex>` indexes pushed by the test.
/// Only `testReferrersAPIIsAskedFirst` needs the API; a loopback front implementing that one endpoint
/// (`scripts/servers/referrers-api.py`) answers it and passes everything else to the real registry.
final class RegistryLifecycleTests: XCTestCase {
    private let fetchedAt = CalendarDay.parse("2026-11-22")!

    private func client(_ host: String, _ servers: RegistryServers.Addresses) -> RegistryClient {
        RegistryClient(baseURL: URL(string: "http://\(host)")!,
                       credentials: RegistryCredentials(username: servers.user, password: servers.password), timeout: 10)
    }

    private func uniqueRepository() -> String {
        "census/l\(UUID().uuidString.prefix(8).lowercased())/base"
    }

    private func lifecycle(_ date: String) -> [String: String] {
        [ImageLifecycle.endOfLifeAnnotation: date]
    }

    func testOneLifecycleReferrerGivesTheTagItsEndOfLife() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, servers)
        let path = uniqueRepository()
        let image = try await registry.pushImage(repository: path, tag: "1.0", created: "2026-01-01T00:00:00Z")
        let artifact = try await registry.attach(repository: path, to: image, annotations: lifecycle("2026-06-30"))
        let repository = "\(servers.token)/\(path)"
        // A catalog stored by an earlier census listed the referrers tag as a tag.
        let referrersTag = image.digest.replacingOccurrences(of: ":", with: "-")
        let earlier = Catalog(repository: repository, origin: .registry, source: "registry", fetchedAt: CalendarDay.parse("2026-11-01")!,
                              tags: [CatalogTag(tag: "1.0", firstSeen: CalendarDay.parse("2026-11-01")), CatalogTag(tag: referrersTag)])
        let catalog = try await RegistryCatalogFetcher.distribution(repository: repository, client: registry, previous: earlier,
                                                                    fetchedAt: fetchedAt)
        // The referrers tag holds artifacts, not an image: it is no catalog tag, current or removed.
        XCTAssertEqual(catalog.tags.map(\.tag), ["1.0"])
        XCTAssertEqual(catalog.tag("1.0")?.firstSeen, CalendarDay.parse("2026-11-01"))
        XCTAssertEqual(catalog.tag("1.0")?.lifecycle,
                       ImageLifecycle(endOfLife: CalendarDay.parse("2026-06-30"), referrer: artifact.digest, annotation: "2026-06-30",
                                      lookup: .tagSchema, checkedAt: fetchedAt))
        XCTAssertEqual(catalog.warnings, [])

        let policy = try PolicyDocument.decode("maxAgeDays: 400\n", file: "policy.yml")
        let findings = PolicyEvaluator(policy: policy).evaluate(reference: RuleFixture.usage("\(repository):1.0"),
                                                                catalogs: CatalogSnapshot([catalog]), now: fetchedAt)
        XCTAssertEqual(findings.map(\.rule), [.eolImage])
        XCTAssertEqual(findings.first?.severity, .error)
        XCTAssertEqual(findings.first?.message,
                       "'\(repository):1.0' reached end of life on 2026-06-30 according to its registry's lifecycle annotation and gets no more updates.")
        XCTAssertEqual(findings.first?.explanation,
                       "The registry's lifecycle referrer \(artifact.digest) of \(image.digest) (artifact type application/vnd.microsoft.artifact.lifecycle, read through the referrers tag schema on 2026-11-22) gives vnd.microsoft.artifact.lifecycle.end-of-life.date = 2026-06-30; the earliest date of the image's lifecycle referrers counts (docs/eol.md).")
        // Before that day the same catalog passes the image.
        XCTAssertEqual(PolicyEvaluator(policy: policy).evaluate(reference: RuleFixture.usage("\(repository):1.0"),
                                                                catalogs: CatalogSnapshot([catalog]),
                                                                now: CalendarDay.parse("2026-06-29")!).map(\.rule), [])
    }

    func testSeveralReferrersTheEarliestDateWins() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, servers)
        let path = uniqueRepository()
        let amd64 = try await registry.pushImage(repository: path, tag: nil, created: "2026-02-01T00:00:00Z")
        let arm64 = try await registry.pushImage(repository: path, tag: nil, created: "2026-02-01T00:00:00Z", architecture: "arm64")
        let index = try await registry.pushIndex(repository: path, tag: "multi", manifests: [(amd64, "amd64"), (arm64, "arm64")])
        try await registry.attach(repository: path, to: index, annotations: lifecycle("2027-03-01"))
        let earliest = try await registry.attach(repository: path, to: index, annotations: lifecycle("2026-08-15"))
        try await registry.attach(repository: path, to: index, annotations: lifecycle("2026-12-31"), indexAnnotations: false)
        // Another kind of artifact with the same annotation is not a lifecycle and does not count.
        try await registry.attach(repository: path, to: index, artifactType: "application/spdx+json",
                                  annotations: lifecycle("2020-01-01"))
        let catalog = try await RegistryCatalogFetcher.distribution(repository: "\(servers.token)/\(path)", client: registry,
                                                                    previous: nil, fetchedAt: fetchedAt)
        let tag = try XCTUnwrap(catalog.tag("multi"))
        XCTAssertEqual(tag.digest, index.digest)
        XCTAssertEqual(tag.created, CalendarDay.parse("2026-02-01"))
        XCTAssertEqual(tag.lifecycle?.endOfLife, CalendarDay.parse("2026-08-15"))
        XCTAssertEqual(tag.lifecycle?.referrer, earliest.digest)
    }

    func testAnIndexEntryWithoutAnnotationsIsReadFromItsManifest() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.basic, servers)
        let path = uniqueRepository()
        let image = try await registry.pushImage(repository: path, tag: "1.0", created: "2026-01-01T00:00:00Z")
        let artifact = try await registry.attach(repository: path, to: image, annotations: lifecycle("2025-12-01"),
                                                 indexAnnotations: false)
        let list = try await registry.referrers(of: path, digest: image.digest, artifactType: ImageLifecycle.artifactType)
        XCTAssertEqual(list.lookup, .tagSchema)
        XCTAssertEqual(list.referrers.map(\.digest), [artifact.digest])
        XCTAssertEqual(list.referrers.first?.annotations, [:])
        let (read, warnings) = try await LifecycleReader.read(repository: path, digest: image.digest, client: registry, at: fetchedAt)
        XCTAssertEqual(read.endOfLife, CalendarDay.parse("2025-12-01"))
        XCTAssertEqual(warnings, [])
    }

    func testOlderArtifactsGiveAnISOTimestamp() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, servers)
        let path = uniqueRepository()
        let image = try await registry.pushImage(repository: path, tag: "old", created: "2024-01-01T00:00:00Z")
        try await registry.attach(repository: path, to: image, annotations: lifecycle("2024-05-14T10:20:30.1234567Z"))
        let repository = "\(servers.token)/\(path)"
        let catalog = try await RegistryCatalogFetcher.distribution(repository: repository, client: registry, previous: nil,
                                                                    fetchedAt: fetchedAt)
        let lifecycle = try XCTUnwrap(catalog.tag("old")?.lifecycle)
        XCTAssertEqual(lifecycle.endOfLife, CalendarDay.date(year: 2024, month: 5, day: 14, hour: 10, minute: 20, second: 30))
        XCTAssertEqual(lifecycle.annotation, "2024-05-14T10:20:30.1234567Z")
        let findings = PolicyEvaluator(policy: PolicyDocument()).evaluate(reference: RuleFixture.usage("\(repository):old"),
                                                                          catalogs: CatalogSnapshot([catalog]), now: fetchedAt)
        XCTAssertEqual(findings.first { $0.rule == .eolImage }?.message,
                       "'\(repository):old' reached end of life on 2024-05-14 according to its registry's lifecycle annotation and gets no more updates.")
    }

    func testNoLifecycleReferrerMeansUnknownNotSupported() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, servers)
        let path = uniqueRepository()
        let bare = try await registry.pushImage(repository: path, tag: "bare", created: "2026-01-01T00:00:00Z")
        let signed = try await registry.pushImage(repository: path, tag: "signed", created: "2026-01-02T00:00:00Z")
        try await registry.attach(repository: path, to: signed, artifactType: "application/vnd.cncf.notary.signature",
                                  annotations: ["org.opencontainers.image.created": "2026-01-02T00:00:00Z"])
        let unreadable = try await registry.pushImage(repository: path, tag: "unreadable", created: "2026-01-03T00:00:00Z")
        let odd = try await registry.attach(repository: path, to: unreadable, annotations: lifecycle("soon"))
        let repository = "\(servers.token)/\(path)"
        let catalog = try await RegistryCatalogFetcher.distribution(repository: repository, client: registry, previous: nil,
                                                                    fetchedAt: fetchedAt)
        for tag in ["bare", "signed", "unreadable"] {
            let lifecycle = try XCTUnwrap(catalog.tag(tag)?.lifecycle, tag)
            XCTAssertNil(lifecycle.endOfLife, tag)
            XCTAssertEqual(lifecycle.lookup, .tagSchema, tag)
            XCTAssertEqual(lifecycle.checkedAt, fetchedAt, tag)
        }
        XCTAssertEqual(catalog.warnings,
                       ["unreadable: the lifecycle referrer \(odd.digest) of \(unreadable.digest) gives 'soon' as its end of life, which is not a date; it was ignored"])

        let evaluator = PolicyEvaluator(policy: PolicyDocument())
        let outcome = evaluator.explain(reference: RuleFixture.usage("\(repository):bare"), catalogs: CatalogSnapshot([catalog]),
                                        now: fetchedAt).first { $0.rule == .eolImage }
        XCTAssertEqual(outcome?.verdict, "n/a")
        XCTAssertEqual(outcome?.reason,
                       "end of life unknown: the registry has no lifecycle annotation for \(bare.digest) (read through the referrers tag schema on 2026-11-22)")
        let verdict = evaluator.endOfLife(reference: RuleFixture.usage("\(repository):bare"), catalogs: CatalogSnapshot([catalog]),
                                          now: fetchedAt)
        XCTAssertNil(verdict?.source)
        XCTAssertEqual(verdict?.reason, "unknown: the registry has no lifecycle annotation for \(bare.digest)")
    }

    func testReferrersAPIIsAskedFirst() async throws {
        let servers = try RegistryServers.shared.addresses()
        let upstream = client(servers.basic, servers)
        let path = uniqueRepository()
        let image = try await upstream.pushImage(repository: path, tag: "1.0", created: "2026-01-01T00:00:00Z")
        // Pushed without a referrers tag: only the API knows about these artifacts.
        let later = try await upstream.attach(repository: path, to: image, annotations: lifecycle("2027-01-01"), referrersTag: false)
        let sooner = try await upstream.attach(repository: path, to: image, annotations: lifecycle("2026-09-30"), referrersTag: false)
        let sbom = try await upstream.attach(repository: path, to: image, artifactType: "application/spdx+json",
                                             annotations: lifecycle("2020-01-01"), referrersTag: false)
        let front = try ReferrersAPIServer(upstream: servers.basic)
        try front.setReferrers(of: image.digest, [
            later.descriptor.merging(["artifactType": ImageLifecycle.artifactType, "annotations": lifecycle("2027-01-01")]) { _, new in new },
            sooner.descriptor.merging(["artifactType": ImageLifecycle.artifactType, "annotations": lifecycle("2026-09-30")]) { _, new in new },
            sbom.descriptor.merging(["artifactType": "application/spdx+json", "annotations": lifecycle("2020-01-01")]) { _, new in new },
        ])
        let registry = client(front.host, servers)
        let list = try await registry.referrers(of: path, digest: image.digest)
        XCTAssertEqual(list.lookup, .api)
        XCTAssertEqual(Set(list.referrers.map(\.digest)), [later.digest, sooner.digest, sbom.digest])

        let repository = "\(front.host)/\(path)"
        let catalog = try await RegistryCatalogFetcher.distribution(repository: repository, client: registry, previous: nil,
                                                                    fetchedAt: fetchedAt)
        XCTAssertEqual(catalog.tag("1.0")?.lifecycle,
                       ImageLifecycle(endOfLife: CalendarDay.parse("2026-09-30"), referrer: sooner.digest, annotation: "2026-09-30",
                                      lookup: .api, checkedAt: fetchedAt))
        // The same registry without the front has no referrers tag for the image: nothing is known.
        let direct = try await upstream.referrers(of: path, digest: image.digest, artifactType: ImageLifecycle.artifactType)
        XCTAssertEqual(direct, ReferrerList(referrers: [], lookup: .tagSchema))
    }

    func testCatalogSyncStoresTheLifecycleWithTheCatalog() async throws {
        let servers = try RegistryServers.shared.addresses()
        let registry = client(servers.token, servers)
        let path = uniqueRepository()
        let image = try await registry.pushImage(repository: path, tag: "debian-11", created: "2026-10-01T00:00:00Z")
        let artifact = try await registry.attach(repository: path, to: image, annotations: lifecycle("2026-11-01"))
        // Other content (another build date, so another digest) without a lifecycle referrer.
        _ = try await registry.pushImage(repository: path, tag: "plain", created: "2026-10-02T00:00:00Z")
        let repository = "\(servers.token)/\(path)"
        let database = try AppDatabase.inMemory()
        let sync = CatalogSync(database: database)
        let source = CatalogSource(repository: repository, kind: .registry(url: nil))
        let outcome = await sync.syncRegistry(source, environment: ["CENSUS_REGISTRY_USER": servers.user,
                                                                    "CENSUS_REGISTRY_PASSWORD": servers.password], now: fetchedAt)
        guard case .fresh(let fresh) = outcome else { return XCTFail("expected a fresh catalog, got \(outcome)") }

        let stored = try XCTUnwrap(try database.catalog(repository: repository))
        XCTAssertEqual(Catalog(record: stored), fresh)
        let row = try XCTUnwrap(stored.tags.first { $0.tag == "debian-11" })
        XCTAssertEqual(row.lifecycleLookup, "referrers-tag")
        XCTAssertEqual(row.endOfLifeReferrer, artifact.digest)
        XCTAssertEqual(stored.tags.first { $0.tag == "plain" }?.lifecycleCheckedAt, fetchedAt)
        XCTAssertNil(stored.tags.first { $0.tag == "plain" }?.endOfLife)

        // Debian 11 is supported until 2026-08-31 by the OS table, but the registry's date is the image's own.
        let policy = PolicyDocument(catalogs: [source])
        let snapshot = try sync.snapshot(for: policy)
        let evaluator = PolicyEvaluator(policy: policy)
        let usage = RuleFixture.usage("\(repository):debian-11")
        XCTAssertEqual(evaluator.evaluate(reference: usage, catalogs: snapshot, now: fetchedAt).map(\.rule), [.eolOS, .eolImage])
        let verdict = try XCTUnwrap(evaluator.endOfLife(reference: usage, catalogs: snapshot, now: fetchedAt))
        XCTAssertEqual(verdict.source, .registryAnnotation)
        XCTAssertEqual(verdict.date, "2026-11-01")
        XCTAssertTrue(verdict.ended)
        XCTAssertEqual(verdict.reason,
                       "the registry's lifecycle annotation (referrer \(artifact.digest) of \(image.digest), read through the referrers tag schema) says it reached end of life on 2026-11-01; the OS end-of-life table gives Debian 11 (bullseye) until 2026-08-31")
    }
}
