import Foundation
import XCTest
@testable import Policy

/// The clean-up verdicts: delete, blocked and keep, from age, end of life, usages and shared digests.
final class CleanupPlannerTests: XCTestCase {
    private let now = CalendarDay.parse("2026-11-22")!
    private let registryRepository = "registry.example.com/team/base"

    private func day(_ text: String) -> Date { CalendarDay.parse(text)! }

    private func usage(_ tag: String?, digest: String? = nil, repository: String = "dotnet/runtime",
                       branch: String = "main", path: String = "eng/ci.yml", line: Int = 3, current: Bool = true) -> CleanupUsage {
        CleanupUsage(repository: repository, branch: branch, commitID: "abc", path: path, line: line,
                     image: "\(registryRepository):\(tag ?? "")", tag: tag, digest: digest, owner: "@dotnet/runtime",
                     ownerSource: "codeowners", link: nil, lastSeenRunID: current ? 7 : 5, current: current)
    }

    private var registryCatalog: Catalog {
        Catalog(repository: registryRepository, origin: .registry, source: "registry https://registry.example.com",
                fetchedAt: now, tags: [
                    CatalogTag(tag: "old-unused", created: day("2026-01-01"), digest: "sha256:1"),
                    CatalogTag(tag: "old-used", created: day("2026-01-01"), digest: "sha256:2"),
                    CatalogTag(tag: "old-used-quietly", created: day("2026-01-01"), digest: "sha256:3"),
                    CatalogTag(tag: "old-pinned", created: day("2026-01-01"), digest: "sha256:4"),
                    CatalogTag(tag: "fresh", created: day("2026-10-01"), digest: "sha256:5"),
                    CatalogTag(tag: "old-alias-of-fresh", created: day("2026-01-01"), digest: "sha256:5"),
                    CatalogTag(tag: "undated", digest: "sha256:6"),
                    CatalogTag(tag: "ubuntu-18.04-fresh", created: day("2026-11-01"), digest: "sha256:7"),
                    CatalogTag(tag: "gone", removedAt: day("2026-11-01"), created: day("2025-01-01"), digest: "sha256:8"),
                ])
    }

    private func verdicts(_ rows: [CleanupTag]) -> [String: CleanupVerdict] {
        Dictionary(uniqueKeysWithValues: rows.map { ($0.tag, $0.verdict) })
    }

    func testOldUnusedTagsAreDeletedAndOldUsedTagsAreBlocked() {
        let rows = CleanupPlanner(maxAgeDays: 180, now: now).tags(of: registryCatalog, usages: [
            usage("old-used"), usage("old-used-quietly", current: false), usage(nil, digest: "sha256:4"), usage("fresh"),
        ])
        XCTAssertEqual(verdicts(rows), [
            "old-unused": .delete, "old-used": .blocked, "old-used-quietly": .blocked, "old-pinned": .blocked,
            "fresh": .keep, "old-alias-of-fresh": .keep, "undated": .keep, "ubuntu-18.04-fresh": .delete,
        ])
        let unused = rows.first { $0.tag == "old-unused" }
        XCTAssertEqual(unused?.ageDays, 325)
        XCTAssertEqual(unused?.reason, "325 days old, over the 180-day limit; unused")
        XCTAssertEqual(rows.first { $0.tag == "old-used-quietly" }?.usages.map(\.current), [false])
        XCTAssertEqual(rows.first { $0.tag == "old-pinned" }?.usages.map(\.digest), ["sha256:4"])
    }

    func testEndOfLifeMakesAYoungTagACandidate() {
        let rows = CleanupPlanner(maxAgeDays: 180, now: now).tags(of: registryCatalog, usages: [])
        let row = rows.first { $0.tag == "ubuntu-18.04-fresh" }
        XCTAssertEqual(row?.verdict, .delete)
        XCTAssertEqual(row?.endOfLife, "Ubuntu 18.04 (bionic), ended 2023-05-31")
        XCTAssertEqual(row?.ageDays, 21)
    }

    func testADeleteTagSharingItsDigestWithAKeptTagIsKept() {
        let rows = CleanupPlanner(maxAgeDays: 180, now: now).tags(of: registryCatalog, usages: [])
        let alias = rows.first { $0.tag == "old-alias-of-fresh" }
        XCTAssertEqual(alias?.verdict, .keep)
        XCTAssertEqual(alias?.reason, "325 days old, over the 180-day limit; unused; but its digest is also tag fresh, which stays")
    }

    func testTagsGoneFromTheRegistryAreLeftOut() {
        let rows = CleanupPlanner(maxAgeDays: 180, now: now).tags(of: registryCatalog, usages: [])
        XCTAssertNil(rows.first { $0.tag == "gone" })
    }

    func testAManifestTagStillDefinedIsKeptEvenWhenEndOfLife() {
        let catalog = Catalog(repository: "mcr.microsoft.com/dotnet-buildtools/prereqs", origin: .manifest,
                              source: "git /srv/prereqs.git main:manifest.json", fetchedAt: now, tags: [
                                  CatalogTag(tag: "centos-7", firstSeen: day("2019-01-01")),
                                  CatalogTag(tag: "ubuntu-20.04", firstSeen: day("2020-05-01"), removedAt: day("2026-04-16")),
                                  CatalogTag(tag: "azurelinux-3.0", firstSeen: day("2024-05-01"), removedAt: day("2026-10-01")),
                              ])
        let rows = CleanupPlanner(maxAgeDays: 180, now: now).tags(of: catalog, usages: [])
        XCTAssertEqual(verdicts(rows), ["centos-7": .keep, "ubuntu-20.04": .delete, "azurelinux-3.0": .keep])
        XCTAssertEqual(rows.first { $0.tag == "centos-7" }?.reason,
                       "built on CentOS 7, ended 2024-06-30; but still defined by the manifest, so the next build pushes it again: remove it from the manifest first")
        XCTAssertEqual(rows.first { $0.tag == "ubuntu-20.04" }?.ageDays, 220)
        XCTAssertEqual(rows.first { $0.tag == "azurelinux-3.0" }?.reason, "52 days old, within the 180-day limit")
    }

    func testPlanTotalsCountTagsUsagesAndStatedBytes() {
        var plan = CleanupPlanner(maxAgeDays: 180, now: now).plan(
            catalog: registryCatalog, source: CatalogSource(repository: registryRepository, kind: .registry(url: nil)),
            usages: [usage("old-used"), usage("old-used", branch: "release/1.0")], week: "2026-W47", runID: 7,
            recentRuns: 4, runIDs: [7, 6, 5, 4])
        XCTAssertEqual(plan.registryURL, "https://registry.example.com")
        XCTAssertEqual(plan.totals.tags, 8)
        XCTAssertEqual([plan.totals.delete, plan.totals.blocked, plan.totals.keep], [4, 1, 3])
        XCTAssertEqual(plan.totals.blockingUsages, 2)
        XCTAssertNil(plan.totals.deleteBytes)
        plan.tags[plan.tags.firstIndex { $0.tag == "old-unused" }!].bytes = 1_000
        plan.tags[plan.tags.firstIndex { $0.tag == "old-pinned" }!].bytes = 500
        plan.updateTotals()
        XCTAssertEqual(plan.totals.deleteBytes, 1_500)
        XCTAssertEqual(plan.totals.tagsWithoutSize, 3)
        XCTAssertEqual(plan.warnings, ["1 tag listed by an earlier sync is gone from the registry and not in the plan"])
        XCTAssertEqual(plan.fileStem, "registry.example.com-team-base")
    }
}
