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
        XCTAssertEqual(HTMLText.link("<b>", url: nil, className: "loc"),
                       "<span class=\"loc\"><span class=\"nb\">&lt;b&gt;</span></span>")
        XCTAssertEqual(HTMLText.link("q", url: "https://h/?a=1&b=\"2\""), "<a href=\"https://h/?a=1&amp;b=&quot;2&quot;\">q</a>")
    }

    func testReferencesBreakOnlyBetweenTheirParts() {
        XCTAssertEqual(HTMLText.breakable("mcr.microsoft.com/dotnet/sdk:10.0"),
                       "mcr.microsoft.com/<wbr>dotnet/<wbr>sdk:<wbr>10.0")
        XCTAssertEqual(HTMLText.breakable("alpine@sha256:4bcf"), "alpine@<wbr>sha256:<wbr>4bcf")
        // A leading @ or a trailing / or : is no place to break.
        XCTAssertEqual(HTMLText.breakable("@dotnet/docker-team"), "@dotnet/<wbr><span class=\"nb\">docker-team</span>")
        XCTAssertEqual(HTMLText.breakable("src/"), "src/")
        XCTAssertEqual(HTMLText.breakable("a<b>/c"), "<span class=\"nb\">a&lt;b&gt;/</span><wbr>c")
        // A part with a hyphen is kept whole: the browser would break after the hyphen.
        XCTAssertEqual(HTMLText.breakable("prereqs:azurelinux-3.0"), "prereqs:<wbr><span class=\"nb\">azurelinux-3.0</span>")
        XCTAssertEqual(HTMLText.breakable("unapproved-base-image"), "<span class=\"nb\">unapproved-base-image</span>")
    }

    func testLinkTextBreaksOnlyBetweenParts() {
        XCTAssertEqual(HTMLText.link("eng/Dockerfile:4", url: nil, className: "loc"),
                       "<span class=\"loc\">eng/<wbr>Dockerfile:<wbr>4</span>")
    }

    func testProseWrapsAtSpacesAndInsideReferencesOnlyBetweenParts() {
        XCTAssertEqual(HTMLText.breakableProse("Use mcr.microsoft.com/cbl-mariner/* now"),
                       "Use mcr.microsoft.com/<wbr><span class=\"nb\">cbl-mariner/</span><wbr><span class=\"nb\">*</span> now")
    }
}
