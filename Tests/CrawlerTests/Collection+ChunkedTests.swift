import XCTest

@testable import Crawler

final class CollectionChunkedTests: XCTestCase {
    func testPiecesKeepTheOrderAndOnlyTheLastIsShorter() {
        XCTAssertEqual(Array(1...10).chunked(by: 4).map(Array.init), [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10]])
        XCTAssertEqual(Array(1...8).chunked(by: 4).map(Array.init), [[1, 2, 3, 4], [5, 6, 7, 8]])
        XCTAssertEqual(Array(1...3).dropFirst().chunked(by: 8).map(Array.init), [[2, 3]])
    }

    func testAnEmptyCollectionHasNoPiecesAndASizeBelowOneMeansOne() {
        XCTAssertEqual([Int]().chunked(by: 8).count, 0)
        XCTAssertEqual(Array(1...3).chunked(by: 0).map(Array.init), [[1], [2], [3]])
    }
}
