import XCTest
@testable import Extraction
import Yams

final class YAMLCursorTests: XCTestCase {
    private func root(_ text: String) throws -> YAMLCursor {
        try XCTUnwrap(YAMLDocuments.load(text: text).roots.first, "\(YAMLDocuments.load(text: text).warnings)")
    }

    func testAnAliasedScalarReportsTheLineWhereTheAliasIsUsed() throws {
        let cursor = try root("""
        defaults:
          img: &img "alpine:3.20"
        job:
          image: *img
        """)
        XCTAssertEqual(cursor["defaults"]?["img"]?.line, 2)
        XCTAssertNil(cursor["defaults"]?["img"]?.alias)
        XCTAssertEqual(cursor["job"]?["image"]?.line, 4)
        XCTAssertEqual(cursor["job"]?["image"]?.alias, "img")
        XCTAssertEqual(cursor["job"]?["image"]?.string, "alpine:3.20")
    }

    func testMergeKeysBringInKeysAtTheMergeLineAndOwnKeysWin() throws {
        let cursor = try root("""
        .base: &base
          image: base:1
          tags: [a]
        job1:
          <<: *base
          script: run
        job2:
          <<: *base
          image: own:2
        """)
        XCTAssertEqual(cursor["job1"]?.keys, ["script", "image", "tags"])
        XCTAssertEqual(cursor["job1"]?["image"]?.line, 5)
        XCTAssertEqual(cursor["job1"]?["image"]?.string, "base:1")
        XCTAssertEqual(cursor["job1"]?["image"]?.pathDescription, "job1.image")
        XCTAssertEqual(cursor["job2"]?["image"]?.string, "own:2")
        XCTAssertEqual(cursor["job2"]?["image"]?.line, 9)
    }

    func testKeysAreTheKeysOfTheEntriesWithAndWithoutMergeKeys() throws {
        let cursor = try root("""
        .base: &base
          image: base:1
          1: merged
        plain:
          b: 1
          !tagged k: tagged
          k: plain
          a: 2
          [x]: not a scalar key
        merging:
          c: 3
          <<: *base
          image: own
        """)
        for key in ["plain", "merging", ".base"] {
            let mapping = try XCTUnwrap(cursor[key])
            XCTAssertEqual(mapping.keys, mapping.entries.map(\.key), key)
        }
        // `!tagged k` and `k` are different keys to YAML and the same text: the later one takes its place.
        XCTAssertEqual(cursor["plain"]?.keys, ["b", "k", "a"])
        XCTAssertEqual(cursor["merging"]?.keys, ["c", "image", "1"])
        XCTAssertEqual(cursor["plain"]?["b"]?.keys, [])
    }

    func testMergeOfAListTakesEarlierMappingsFirst() throws {
        let cursor = try root("""
        a: &a {image: from-a}
        b: &b {image: from-b, extra: b}
        job:
          <<: [*a, *b]
        """)
        XCTAssertEqual(cursor["job"]?["image"]?.string, "from-a")
        XCTAssertEqual(cursor["job"]?["extra"]?.string, "b")
        XCTAssertEqual(cursor["job"]?["extra"]?.line, 4)
    }

    func testAManyKeyMappingKeepsItsOrderAndOwnKeysWinOverMergedOnes() throws {
        // Keys are looked up by hash (a mapping of any size is read in linear time): the order stays
        // the written one, merged keys come after, and an own key hides a merged one of the same name.
        let own = (0..<500).map { "k\($0): own-\($0)" }.joined(separator: "\n  ")
        let cursor = try root("""
        base: &base {k7: merged, extra: merged-extra, k499: merged}
        job:
          <<: *base
          \(own)
        """)
        let job = try XCTUnwrap(cursor["job"])
        XCTAssertEqual(job.keys, (0..<500).map { "k\($0)" } + ["extra"])
        XCTAssertEqual(job["k7"]?.string, "own-7")
        XCTAssertEqual(job["k499"]?.string, "own-499")
        XCTAssertEqual(job["extra"]?.string, "merged-extra")
        XCTAssertEqual(job.entries.map(\.key), job.keys)
    }

    func testMayHoldSeesMergeSourcesAndGivesUpOnAliasBombs() throws {
        let merged = try root("""
        .base: &base
          queue: (Q)Ubuntu.2204.Amd64@registry.example/helix:1
        job:
          <<: *base
        """)
        func isQueue(_ key: String?, _ node: Yams.Node) -> Bool { key == "queue" }
        XCTAssertTrue(try XCTUnwrap(merged["job"]).mayHold(where: isQueue), "a merged value is seen")
        XCTAssertFalse(try XCTUnwrap(merged["job"]).mayHold { key, _ in key == "image" })

        // Nine levels of ten aliases compose to 10^9 nodes: the look stops at the file's traversal budget
        // and answers that a walk must tell.
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 { lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]") }
        let bomb = try root(lines.joined(separator: "\n"))
        XCTAssertTrue(bomb.mayHold { _, _ in false })
    }

    func testAliasedSequenceItemsReportTheirOwnLines() throws {
        let cursor = try root("""
        x: &x alpine
        list:
          - ubuntu
          - *x
        """)
        XCTAssertEqual(cursor["list"]?.items.map(\.line), [3, 4])
        XCTAssertEqual(cursor["list"]?.items.map(\.string), ["ubuntu", "alpine"])
    }

    func testNullsAndEmptyValuesHaveNoString() throws {
        let cursor = try root("a:\nb: ~\nc: null\nd: ''\n")
        XCTAssertNil(cursor["a"]?.string)
        XCTAssertNil(cursor["b"]?.string)
        XCTAssertNil(cursor["c"]?.string)
        XCTAssertEqual(cursor["d"]?.string, "")
    }

    func testBlockScalarLineIsWhereTheValueStarts() throws {
        let cursor = try root("a: 1\nimage:\n  alpine:3\n")
        XCTAssertEqual(cursor["image"]?.line, 3)
    }
}
