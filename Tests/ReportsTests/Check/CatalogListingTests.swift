import Foundation
import Policy
import Reports
import XCTest

/// `census catalog show` for people and programs.
final class CatalogListingTests: XCTestCase {
    private let day = { (text: String) in CalendarDay.parse(text)! }

    func testRegistryCatalogWithLifecyclesHasAnEndOfLifeColumn() throws {
        let checked = day("2026-11-22")
        let catalog = Catalog(repository: "registry.example.com/team/base", origin: .registry,
                              source: "registry https://registry.example.com", fetchedAt: checked, tags: [
            CatalogTag(tag: "8.0", firstSeen: day("2026-01-01"), created: day("2026-10-20"), digest: "sha256:" + String(repeating: "a", count: 64),
                       lifecycle: ImageLifecycle(endOfLife: day("2026-11-10"), referrer: "sha256:" + String(repeating: "c", count: 64),
                                                 annotation: "2026-11-10", lookup: .tagSchema, checkedAt: checked)),
            CatalogTag(tag: "9.0", firstSeen: day("2026-01-01"), created: day("2026-10-21"), digest: "sha256:" + String(repeating: "b", count: 64),
                       lifecycle: ImageLifecycle(endOfLife: nil, lookup: .api, checkedAt: checked)),
            CatalogTag(tag: "10.0", firstSeen: day("2026-11-22")),
        ])
        let lines = CatalogListing.table(catalog).split(separator: "\n").map(String.init)
        let header = try XCTUnwrap(lines.first { $0.hasPrefix("TAG") })
        XCTAssertTrue(header.hasSuffix("DIGEST               END OF LIFE"), header)
        XCTAssertTrue(try XCTUnwrap(lines.first { $0.hasPrefix("8.0 ") }).hasSuffix("2026-11-10"))
        XCTAssertTrue(try XCTUnwrap(lines.first { $0.hasPrefix("9.0 ") }).hasSuffix("unknown"))
        XCTAssertTrue(try XCTUnwrap(lines.first { $0.hasPrefix("10.0 ") }).trimmingCharacters(in: .whitespaces).hasSuffix("current  2026-11-22"))

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try CatalogListing.json(catalog).utf8)) as? [String: Any])
        let tags = try XCTUnwrap(json["tags"] as? [[String: Any]])
        let lifecycle = try XCTUnwrap(tags.first { $0["tag"] as? String == "8.0" }?["lifecycle"] as? [String: Any])
        XCTAssertEqual(lifecycle["lookup"] as? String, "referrers-tag")
        XCTAssertEqual(lifecycle["annotation"] as? String, "2026-11-10")
    }

    func testCatalogWithoutLifecyclesKeepsItsColumns() {
        let catalog = Catalog(repository: "mcr.microsoft.com/dotnet-buildtools/prereqs", origin: .manifest, source: "git x main:manifest.json",
                              fetchedAt: day("2026-11-22"), tags: [CatalogTag(tag: "ubuntu-22.04", firstSeen: day("2022-05-01"))])
        let table = CatalogListing.table(catalog)
        XCTAssertTrue(table.contains("DIGEST\n"), table)
        XCTAssertFalse(table.contains("END OF LIFE"), table)
    }
}
