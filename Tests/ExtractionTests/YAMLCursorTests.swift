import XCTest
@testable import Extraction

final class YAMLCursorTests: XCTestCase {
    private func root(_ text: String) throws -> YAMLCursor {
        try XCTUnwrap(YAMLDocuments.load(text: text).roots.first)
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
