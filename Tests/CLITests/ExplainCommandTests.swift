import Foundation
import Inventory
import TestSupport
import XCTest

final class ExplainCommandTests: XCTestCase {
    func testExplainPrintsTheNormalizedParseAsJSON() throws {
        let result = try CensusRunner.run(["explain", "ubuntu", "Foo/Bar", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(objects.count, 2)
        XCTAssertEqual(objects[0]["normalized"] as? String, "docker.io/library/ubuntu")
        XCTAssertEqual(objects[0]["registry"] as? String, "docker.io")
        XCTAssertEqual(objects[0]["repository"] as? String, "library/ubuntu")
        XCTAssertEqual(objects[1]["valid"] as? Bool, false)
        XCTAssertEqual(objects[1]["reason"] as? String, "repository name must be lowercase: \"Bar\"")
    }

    func testExplainSaysWhichSourceDecidesTheEndOfLife() throws {
        let scratch = try ScratchDirectory()
        let digest = "sha256:" + String(repeating: "a", count: 64), referrer = "sha256:" + String(repeating: "b", count: 64)
        let checked = Date(timeIntervalSince1970: 1_780_000_000)
        let database = try AppDatabase(path: scratch.path("census.sqlite"))
        try database.storeCatalog(CatalogRecord(repository: "registry.example.com/team/base", origin: "registry",
                                                source: "registry https://registry.example.com", fetchedAt: checked, tags: [
            CatalogTagRecord(tag: "debian-12", firstSeen: checked, created: Date(), digest: digest,
                             endOfLife: Date(timeIntervalSince1970: 1_700_000_000), endOfLifeReferrer: referrer,
                             endOfLifeAnnotation: "2023-11-14", lifecycleLookup: "referrers-tag", lifecycleCheckedAt: checked),
        ]), at: checked)
        try scratch.write("policy.yml", "catalogs:\n  - repository: registry.example.com/team/base\n    registry: true\n")
        let arguments = ["explain", "registry.example.com/team/base:debian-12", "debian:bookworm", "--db", scratch.path("census.sqlite")]
        let result = try CensusRunner.run(arguments + ["--format", "json"], in: scratch.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let registry = try XCTUnwrap(objects.first?["endOfLife"] as? [String: Any])
        XCTAssertEqual(registry["source"] as? String, "registry-lifecycle-annotation")
        XCTAssertEqual(registry["date"] as? String, "2023-11-14")
        XCTAssertEqual(registry["ended"] as? Bool, true)
        XCTAssertEqual((objects.first?["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }, ["eol-image"])
        let table = objects.last?["endOfLife"] as? [String: Any]
        XCTAssertEqual(table?["source"] as? String, "os-end-of-life-table")
        XCTAssertEqual(table?["date"] as? String, "2028-06-30")

        let text = try CensusRunner.run(arguments + ["--format", "table"], in: scratch.path)
        XCTAssertTrue(text.stdout.contains("  end of life 2023-11-14: the registry's lifecycle annotation (referrer \(referrer) of \(digest), read through the referrers tag schema) says it reached end of life on 2023-11-14; the OS end-of-life table gives Debian 12 (bookworm) until 2028-06-30"), text.stdout)
        XCTAssertTrue(text.stdout.contains("  end of life 2028-06-30: the OS end-of-life table: Debian 12 (bookworm) is supported until 2028-06-30"), text.stdout)
        XCTAssertTrue(text.stdout.contains("eol-image"), text.stdout)
    }
}
