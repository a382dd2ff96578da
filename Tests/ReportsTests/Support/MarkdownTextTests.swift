import Reports
import XCTest

final class MarkdownTextTests: XCTestCase {
    func testMarkupCharactersAreEscapedSoTheyShowLiterally() {
        XCTAssertEqual(MarkdownText.escape("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>")
        XCTAssertEqual(MarkdownText.escape("a|b"), "a\\|b")
        XCTAssertEqual(MarkdownText.escape("[click](javascript:x)"), "\\[click\\](javascript:x)")
        XCTAssertEqual(MarkdownText.escape("**bold** _it_ `code` ~~s~~"), "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~")
        XCTAssertEqual(MarkdownText.escape("&amp; ![img](x) $x$"), "\\&amp; !\\[img\\](x) \\$x\\$")
    }

    func testLineBreaksCannotStartNewBlocks() {
        XCTAssertEqual(MarkdownText.escape("team\n# Heading\r\n| a | b |"), "team # Heading  \\| a \\| b \\|")
        XCTAssertEqual(MarkdownText.escape("# Heading"), "\\# Heading")
        XCTAssertEqual(MarkdownText.escape("C #"), "C \\#")
    }

    func testALeadingListOrNumberMarkerIsEscaped() {
        XCTAssertEqual(MarkdownText.escape("- item"), "\\- item")
        XCTAssertEqual(MarkdownText.escape("+ item"), "\\+ item")
        XCTAssertEqual(MarkdownText.escape("1. first"), "1\\. first")
        XCTAssertEqual(MarkdownText.escape("2026.1"), "2026\\.1")
        XCTAssertEqual(MarkdownText.escape("a-b 1.2"), "a-b 1.2")
    }

    func testCodeSpansUseALongerFenceThanAnyBacktickRunInside() {
        XCTAssertEqual(MarkdownText.code("ubuntu:22.04"), "`ubuntu:22.04`")
        XCTAssertEqual(MarkdownText.code("a`b"), "``a`b``")
        XCTAssertEqual(MarkdownText.code("`x``"), "``` `x`` ```")
        XCTAssertEqual(MarkdownText.code("a|b"), "`a\\|b`")
        XCTAssertEqual(MarkdownText.code("line\nbreak"), "`line break`")
        XCTAssertEqual(MarkdownText.code(""), "")
    }

    func testLinkDestinationsCannotBreakOut() {
        XCTAssertEqual(MarkdownText.link("Dockerfile:3", url: "https://example.com/a b)(c<d>"),
                       "[Dockerfile:3](https://example.com/a%20b%29%28c%3Cd%3E)")
        XCTAssertEqual(MarkdownText.link("[x]", url: "https://example.com/"), "[\\[x\\]](https://example.com/)")
    }
}
