import XCTest
@testable import Crawler

final class BranchPatternTests: XCTestCase {
    func testStarMatchesWithinOneSegment() throws {
        let pattern = try XCTUnwrap(BranchPattern("release/*"))
        XCTAssertTrue(pattern.matches("release/8.0"))
        XCTAssertTrue(pattern.matches("release/9.0.1xx"))
        XCTAssertFalse(pattern.matches("release/8.0/hotfix"))
        XCTAssertFalse(pattern.matches("release"))
        XCTAssertFalse(pattern.matches("main"))
    }

    func testDoubleStarMatchesAcrossSegments() throws {
        let pattern = try XCTUnwrap(BranchPattern("release/**"))
        XCTAssertTrue(pattern.matches("release/8.0"))
        XCTAssertTrue(pattern.matches("release/8.0/hotfix"))
        XCTAssertFalse(pattern.matches("feature/release"))
        let anywhere = try XCTUnwrap(BranchPattern("**/hotfix-*"))
        XCTAssertTrue(anywhere.matches("hotfix-1"))
        XCTAssertTrue(anywhere.matches("release/8.0/hotfix-2"))
    }

    func testLiteralNameMatchesOnlyItself() throws {
        let pattern = try XCTUnwrap(BranchPattern("main"))
        XCTAssertTrue(pattern.matches("main"))
        XCTAssertFalse(pattern.matches("main2"))
        XCTAssertFalse(pattern.matches("x/main"))
    }

    func testStarInsideSegmentBacktracks() throws {
        let pattern = try XCTUnwrap(BranchPattern("release/*.0*"))
        XCTAssertTrue(pattern.matches("release/10.0.1xx"))
        XCTAssertFalse(pattern.matches("release/10.1"))
    }

    func testEmptySegmentsAreRejected() {
        XCTAssertNil(BranchPattern(""))
        XCTAssertNil(BranchPattern("release//x"))
        XCTAssertNil(BranchPattern("/main"))
        XCTAssertNil(BranchPattern("release/"))
    }

    func testSelectionUsesDefaultBranchWithoutPatterns() {
        let spec = RepositorySpec(url: "/x", name: "x")
        XCTAssertEqual(spec.selectBranches(from: ["main", "dev"], defaultBranch: "dev"), ["dev"])
        XCTAssertEqual(spec.selectBranches(from: ["main"], defaultBranch: nil), [])
    }

    func testSelectionNeverPicksUnmatchedBranches() throws {
        let spec = RepositorySpec(url: "/x", branches: [try XCTUnwrap(BranchPattern("main")),
                                                        try XCTUnwrap(BranchPattern("release/*"))], name: "x")
        XCTAssertEqual(spec.selectBranches(from: ["release/8.0", "feature/a", "main", "release/9.0"],
                                           defaultBranch: "main"),
                       ["main", "release/8.0", "release/9.0"])
    }
}
