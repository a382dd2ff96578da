import XCTest
import Git

final class URLRedactionTests: XCTestCase {
    func testUserAndTokenAreReplaced() {
        XCTAssertEqual(URLRedaction.redact("https://user:tok@host/x"), "https://***@host/x")
    }

    func testATokenUsedAsUsernameIsReplaced() {
        XCTAssertEqual(URLRedaction.redact("https://ghp_secret@github.com/dotnet/arcade"),
                       "https://***@github.com/dotnet/arcade")
    }

    func testPortAndPathSurvive() {
        XCTAssertEqual(URLRedaction.redact("https://a:b@dev.azure.com:8443/org/_git/repo"),
                       "https://***@dev.azure.com:8443/org/_git/repo")
    }

    func testQueryIsReplacedButFragmentKept() {
        XCTAssertEqual(URLRedaction.redact("https://host/x?access_token=abc#frag"), "https://host/x?***#frag")
    }

    func testAtSignInPathIsNotMistakenForUserinfo() {
        XCTAssertEqual(URLRedaction.redact("https://host/team@x/repo"), "https://host/team@x/repo")
    }

    func testURLsWithoutSecretsAndPathsAreUnchanged() {
        XCTAssertEqual(URLRedaction.redact("https://github.com/dotnet/runtime"), "https://github.com/dotnet/runtime")
        XCTAssertEqual(URLRedaction.redact("/srv/mirrors/tools.git"), "/srv/mirrors/tools.git")
        XCTAssertEqual(URLRedaction.redact("git@github.com:dotnet/runtime.git"), "git@github.com:dotnet/runtime.git")
    }

    func testScrubRedactsEveryURLInAMessage() {
        XCTAssertEqual(
            URLRedaction.scrub("failed to fetch 'https://u:p@h/x' then http://k@g/y."),
            "failed to fetch 'https://***@h/x' then http://***@g/y.")
    }

    func testScrubRemovesKnownSecretsAnywhere() {
        XCTAssertEqual(URLRedaction.scrub("bad token s3cr3t given", secrets: ["s3cr3t"]), "bad token *** given")
    }
}
