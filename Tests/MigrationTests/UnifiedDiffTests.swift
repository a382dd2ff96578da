@testable import Migration
import XCTest

final class UnifiedDiffTests: XCTestCase {
    func testHunksCarryThreeLinesOfContextAndMergeWhenClose() {
        let old = (1...12).map { "line \($0)\n" }.joined()
        let new = old.replacingOccurrences(of: "line 2\n", with: "LINE 2\n").replacingOccurrences(of: "line 11\n", with: "LINE 11\n")
        XCTAssertEqual(UnifiedDiff.make(path: "f", old: Array(old.utf8), new: Array(new.utf8)), """
            --- a/f
            +++ b/f
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +LINE 2
             line 3
             line 4
             line 5
            @@ -8,5 +8,5 @@
             line 8
             line 9
             line 10
            -line 11
            +LINE 11
             line 12

            """)
    }

    func testCRLFIsKeptAndAMissingFinalNewlineIsMarked() {
        let diff = UnifiedDiff.make(path: "d", old: Array("a\r\nb".utf8), new: Array("a\r\nc".utf8))
        XCTAssertEqual(diff, "--- a/d\n+++ b/d\n@@ -1,2 +1,2 @@\n a\r\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
    }

    func testNoChangeIsNoDiff() {
        XCTAssertEqual(UnifiedDiff.make(path: "d", old: [0x61], new: [0x61]), "")
    }
}
