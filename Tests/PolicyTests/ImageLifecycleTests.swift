import Extraction
import XCTest
@testable import Policy

/// Lifecycle annotations read as dates, the earliest referrer, referrers tags, and the `eol-image` rule
/// over a registry catalog holding what a sync stored.
final class ImageLifecycleTests: XCTestCase {
    private let now = RuleFixture.now
    private let repository = "registry.example.com/team/base"
    private let digestA = "sha256:" + String(repeating: "a", count: 64)
    private let digestB = "sha256:" + String(repeating: "b", count: 64)
    private let referrer = "sha256:" + String(repeating: "c", count: 64)

    private func referrerEntry(_ digest: String, _ date: String?, type: String = ImageLifecycle.artifactType) -> Referrer {
        Referrer(digest: digest, artifactType: type, annotations: date.map { [ImageLifecycle.endOfLifeAnnotation: $0] } ?? [:])
    }

    // MARK: dates

    func testEndOfLifeIsADayOrAnISOTimestamp() {
        XCTAssertEqual(ImageLifecycle.parseEndOfLife("2025-06-01"), CalendarDay.parse("2025-06-01"))
        XCTAssertEqual(ImageLifecycle.parseEndOfLife("2024-05-14T10:20:30.1234567Z"),
                       CalendarDay.date(year: 2024, month: 5, day: 14, hour: 10, minute: 20, second: 30))
        XCTAssertEqual(ImageLifecycle.parseEndOfLife("2022-12-31T23:59:59+01:00"),
                       CalendarDay.date(year: 2022, month: 12, day: 31, hour: 22, minute: 59, second: 59))
        XCTAssertEqual(ImageLifecycle.parseEndOfLife("2024-05-14T10:20:30"),
                       CalendarDay.date(year: 2024, month: 5, day: 14, hour: 10, minute: 20, second: 30))
        XCTAssertNil(ImageLifecycle.parseEndOfLife("soon"))
        XCTAssertNil(ImageLifecycle.parseEndOfLife("2025-02-30"))
        XCTAssertNil(ImageLifecycle.parseEndOfLife(""))
    }

    func testTheEarliestLifecycleReferrerDecidesAndOtherArtifactsDoNot() {
        let (lifecycle, unreadable) = ImageLifecycle.earliest(of: [
            referrerEntry(digestA, "2027-01-01"),
            referrerEntry(digestB, "2026-03-01T12:00:00Z"),
            referrerEntry(referrer, "2020-01-01", type: "application/spdx+json"),
            referrerEntry("sha256:" + String(repeating: "d", count: 64), nil),
            referrerEntry("sha256:" + String(repeating: "e", count: 64), "next year"),
        ], lookup: .api, checkedAt: now)
        XCTAssertEqual(lifecycle, ImageLifecycle(endOfLife: CalendarDay.date(year: 2026, month: 3, day: 1, hour: 12),
                                                 referrer: digestB, annotation: "2026-03-01T12:00:00Z", lookup: .api, checkedAt: now))
        XCTAssertEqual(unreadable.map(\.1), ["next year"])
        XCTAssertEqual(lifecycle.shownEndOfLife, "2026-03-01T12:00:00Z")
    }

    func testNoLifecycleReferrerLeavesTheEndOfLifeUnknown() {
        let (lifecycle, _) = ImageLifecycle.earliest(of: [], lookup: .tagSchema, checkedAt: now)
        XCTAssertNil(lifecycle.endOfLife)
        XCTAssertFalse(lifecycle.isEndOfLife(at: now))
        XCTAssertEqual(lifecycle.shownEndOfLife, "unknown")
    }

    func testReferrersTagNames() {
        XCTAssertEqual(ReferrersTag.name(for: digestA), "sha256-" + String(repeating: "a", count: 64))
        XCTAssertNil(ReferrersTag.name(for: "latest"))
        XCTAssertNil(ReferrersTag.name(for: "sha256:xyz"))
        XCTAssertTrue(ReferrersTag.isReferrersTag("sha256-" + String(repeating: "0", count: 64)))
        XCTAssertFalse(ReferrersTag.isReferrersTag("sha256-abc"))
        XCTAssertFalse(ReferrersTag.isReferrersTag("ubuntu-22.04"))
        XCTAssertFalse(ReferrersTag.isReferrersTag("sha256-" + String(repeating: "A", count: 64)))
    }

    func testReferrersIndexEntriesWithoutDigestAreSkipped() throws {
        let json = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(digestA)","size":10,
           "artifactType":"application/vnd.microsoft.artifact.lifecycle",
           "annotations":{"vnd.microsoft.artifact.lifecycle.end-of-life.date":"2025-01-01","n":3}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":10}]}
        """
        XCTAssertEqual(try Referrer.parseIndex(Data(json.utf8), url: "u"), [
            Referrer(digest: digestA, mediaType: "application/vnd.oci.image.manifest.v1+json",
                     artifactType: ImageLifecycle.artifactType, annotations: [ImageLifecycle.endOfLifeAnnotation: "2025-01-01"]),
        ])
        XCTAssertEqual(try Referrer.parseIndex(Data(#"{"schemaVersion":2}"#.utf8), url: "u"), [])
        XCTAssertThrowsError(try Referrer.parseIndex(Data("[]".utf8), url: "u"))
    }

    // MARK: eol-image

    private func catalog(origin: Catalog.Origin = .registry, _ tags: [CatalogTag]) -> CatalogSnapshot {
        CatalogSnapshot([Catalog(repository: repository, origin: origin, source: "registry https://registry.example.com",
                                 fetchedAt: now, tags: tags)])
    }

    private func tag(_ name: String, digest: String, endOfLife: String?, checked: Bool = true) -> CatalogTag {
        CatalogTag(tag: name, firstSeen: RuleFixture.day("2025-01-01"), created: RuleFixture.day("2026-10-01"), digest: digest,
                   lifecycle: checked ? ImageLifecycle(endOfLife: endOfLife.flatMap(CalendarDay.parse), referrer: referrer,
                                                       annotation: endOfLife, lookup: .tagSchema, checkedAt: now) : nil)
    }

    func testPastRegistryDateIsAnEndOfLifeImageWithAReplacementThatIsNotEnded() {
        let snapshot = catalog([tag("ubuntu-22.04-amd64", digest: digestA, endOfLife: "2026-11-01"),
                                tag("ubuntu-24.04-amd64", digest: digestB, endOfLife: "2026-11-20"),
                                tag("azurelinux-3.0-amd64", digest: referrer, endOfLife: "2029-01-01")])
        // ubuntu-24.04-amd64 would be the same distribution's newest, but its registry date has passed too.
        let check = RuleFixture.check(EndOfLifeImageRule(), "\(repository):ubuntu-22.04-amd64", catalogs: snapshot)
        XCTAssertEqual(check.message, "'\(repository):ubuntu-22.04-amd64' reached end of life on 2026-11-01 according to its registry's lifecycle annotation and gets no more updates. Move to \(repository):azurelinux-3.0-amd64.")
        XCTAssertEqual(check.explanation?.hasPrefix("The registry's lifecycle referrer \(referrer) of \(digestA) (artifact type application/vnd.microsoft.artifact.lifecycle, read through the referrers tag schema on 2026-11-22)"), true)
    }

    func testFutureRegistryDatePasses() {
        let snapshot = catalog([tag("1.0", digest: digestA, endOfLife: "2027-01-01")])
        guard case .passed(let reason) = RuleFixture.check(EndOfLifeImageRule(), "\(repository):1.0", catalogs: snapshot) else {
            return XCTFail("expected a pass")
        }
        XCTAssertEqual(reason, "the registry's lifecycle annotation sets its end of life on 2027-01-01")
    }

    func testTheEndOfLifeDayItselfCountsAsEnded() {
        let snapshot = catalog([tag("1.0", digest: digestA, endOfLife: "2026-11-22")])
        XCTAssertTrue(RuleFixture.check(EndOfLifeImageRule(), "\(repository):1.0", catalogs: snapshot).isViolation)
    }

    func testADigestReferenceIsJudgedByTheTagPointingToIt() {
        let snapshot = catalog([tag("1.0", digest: digestA, endOfLife: "2026-01-01")])
        XCTAssertEqual(RuleFixture.check(EndOfLifeImageRule(), "\(repository)@\(digestA)", catalogs: snapshot).message,
                       "'\(repository)@\(digestA)' reached end of life on 2026-01-01 according to its registry's lifecycle annotation and gets no more updates.")
        XCTAssertTrue(RuleFixture.check(EndOfLifeImageRule(), "\(repository)@\(digestB)", catalogs: snapshot).isNotApplicable)
    }

    func testUnknownUnreadAndManifestCatalogsDoNotApply() {
        let unknown = catalog([tag("1.0", digest: digestA, endOfLife: nil)])
        guard case .notApplicable(let reason) = RuleFixture.check(EndOfLifeImageRule(), "\(repository):1.0", catalogs: unknown) else {
            return XCTFail("expected n/a")
        }
        XCTAssertEqual(reason, "end of life unknown: the registry has no lifecycle annotation for \(digestA) (read through the referrers tag schema on 2026-11-22)")
        let unread = catalog([tag("1.0", digest: digestA, endOfLife: nil, checked: false)])
        XCTAssertTrue(RuleFixture.check(EndOfLifeImageRule(), "\(repository):1.0", catalogs: unread).isNotApplicable)
        XCTAssertTrue(RuleFixture.check(EndOfLifeImageRule(), "\(repository):2.0", catalogs: unknown).isNotApplicable)
        let manifest = catalog(origin: .manifest, [tag("1.0", digest: digestA, endOfLife: "2020-01-01")])
        XCTAssertTrue(RuleFixture.check(EndOfLifeImageRule(), "\(repository):1.0", catalogs: manifest).isNotApplicable)
        XCTAssertTrue(RuleFixture.check(EndOfLifeImageRule(), "ubuntu:16.04", catalogs: .empty).isNotApplicable)
    }

    func testATimestampedTagIsNotJudgedByItsFloatingBase() {
        let snapshot = catalog([tag("ubuntu-22.04", digest: digestA, endOfLife: "2026-01-01")])
        let check = RuleFixture.check(EndOfLifeImageRule(), "\(repository):ubuntu-22.04-20260101120000-0123456", catalogs: snapshot)
        XCTAssertTrue(check.isNotApplicable, "\(check)")
    }

    // MARK: which source decides

    func testTheOSTableDecidesWhenTheRegistryHasNoDate() {
        let evaluator = PolicyEvaluator(policy: PolicyDocument())
        let unknown = catalog([tag("debian-10", digest: digestA, endOfLife: nil)])
        let verdict = evaluator.endOfLife(reference: RuleFixture.usage("\(repository):debian-10"), catalogs: unknown, now: now)
        XCTAssertEqual(verdict, EndOfLifeVerdict(source: .operatingSystemTable, date: "2024-06-30", ended: true,
                                                 reason: "the OS end-of-life table: Debian 10 (buster) reached end of life on 2024-06-30; the registry has no lifecycle annotation for \(digestA)"))
        let none = evaluator.endOfLife(reference: RuleFixture.usage("nginx:1.27"), catalogs: .empty, now: now)
        XCTAssertEqual(none?.source, nil)
        XCTAssertEqual(none?.reason, "unknown: no lifecycle annotation was read and no OS release is recognizable")
        let supported = evaluator.endOfLife(reference: RuleFixture.usage("ubuntu:24.04"), catalogs: .empty, now: now)
        XCTAssertEqual(supported?.reason, "the OS end-of-life table: Ubuntu 24.04 (noble) is supported until 2029-05-31")
    }

    func testTheRegistryDateDecidesOverTheOSTable() {
        let evaluator = PolicyEvaluator(policy: PolicyDocument())
        let snapshot = catalog([tag("ubuntu-24.04", digest: digestA, endOfLife: "2026-06-01")])
        let verdict = evaluator.endOfLife(reference: RuleFixture.usage("\(repository):ubuntu-24.04"), catalogs: snapshot, now: now)
        XCTAssertEqual(verdict?.source, .registryAnnotation)
        XCTAssertEqual(verdict?.ended, true)
        XCTAssertEqual(verdict?.reason, "the registry's lifecycle annotation (referrer \(referrer) of \(digestA), read through the referrers tag schema) says it reached end of life on 2026-06-01; the OS end-of-life table gives Ubuntu 24.04 (noble) until 2029-05-31")
        let findings = evaluator.evaluate(reference: RuleFixture.usage("\(repository):ubuntu-24.04"), catalogs: snapshot, now: now)
        XCTAssertEqual(findings.map(\.rule), [.eolImage])
    }

    // MARK: eol-soon from the registry's date

    private func soonPolicy(_ days: Int) throws -> PolicyDocument {
        try PolicyDocument.decode("warnBeforeEolDays: \(days)\n", file: "policy.yml")
    }

    func testARegistryDateWithinTheWindowIsWarnedAboutWithItsDay() throws {
        let snapshot = catalog([tag("1.0", digest: digestA, endOfLife: "2027-01-15")])
        let check = RuleFixture.check(EndOfLifeSoonRule(), "\(repository):1.0", policy: try soonPolicy(90), catalogs: snapshot)
        XCTAssertEqual(check.message, "'\(repository):1.0' reaches end of life on 2027-01-15, in 54 days, according to its registry's lifecycle annotation; move before then.")
        XCTAssertEqual(check.explanation, "the registry's lifecycle referrer \(referrer) of \(digestA) gives vnd.microsoft.artifact.lifecycle.end-of-life.date = 2027-01-15 (read through the referrers tag schema on 2026-11-22; docs/eol.md); the policy warns 90 days ahead (warnBeforeEolDays).")
        XCTAssertTrue(RuleFixture.check(EndOfLifeSoonRule(), "\(repository):1.0", policy: try soonPolicy(30), catalogs: snapshot).isPass)
    }

    func testTheEarlierOfTheOSAndRegistryDatesIsWarnedAbout() throws {
        // Debian 12 ends 2028-06-30 by the OS table; the registry ends this image sooner.
        let snapshot = catalog([tag("debian-12", digest: digestA, endOfLife: "2026-12-01")])
        let check = RuleFixture.check(EndOfLifeSoonRule(), "\(repository):debian-12", policy: try soonPolicy(3650), catalogs: snapshot)
        XCTAssertEqual(check.message, "'\(repository):debian-12' reaches end of life on 2026-12-01, in 9 days, according to its registry's lifecycle annotation; move before then.")
    }

    func testAnEndedRegistryDateIsLeftToEolImage() throws {
        let snapshot = catalog([tag("1.0", digest: digestA, endOfLife: "2026-11-01")])
        guard case .notApplicable(let reason) = RuleFixture.check(EndOfLifeSoonRule(), "\(repository):1.0", policy: try soonPolicy(90),
                                                                  catalogs: snapshot) else { return XCTFail("expected n/a") }
        XCTAssertEqual(reason, "already past its end of life (the image itself (registry lifecycle annotation) ended on 2026-11-01); eol-image reports it")
    }
}
