import Reports
import XCTest

final class HTMLTextTests: XCTestCase {
    func testMarkupAndQuotesAreEscaped() {
        XCTAssertEqual(HTMLText.escape(#"<img src=x onerror="alert('1')">&"#),
                       "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;")
    }

    func testControlCharactersAreReplaced() {
        XCTAssertEqual(HTMLText.escape("a\u{0}b\u{1B}c\td"), "a\u{FFFD}b\u{FFFD}c\td")
    }

    func testOnlyWebLinksBecomeAnchors() {
        XCTAssertEqual(HTMLText.link("x", url: "https://github.com/o/r/blob/1/a#L1"),
                       "<a href=\"https://github.com/o/r/blob/1/a#L1\">x</a>")
        XCTAssertEqual(HTMLText.link("x", url: "javascript:alert(1)"), "<span>x</span>")
        XCTAssertEqual(HTMLText.link("<b>", url: nil, className: "loc"), "<span class=\"loc\">&lt;b&gt;</span>")
        XCTAssertEqual(HTMLText.link("q", url: "https://h/?a=1&b=\"2\""), "<a href=\"https://h/?a=1&amp;b=&quot;2&quot;\">q</a>")
    }
}
