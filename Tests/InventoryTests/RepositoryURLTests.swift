import Inventory
import XCTest

final class RepositoryURLTests: XCTestCase {
    func testHTTPSUserAndPasswordAreDropped() {
        XCTAssertEqual(RepositoryURL.redacted("https://user:pat@github.com/dotnet/arcade.git"),
                       "https://github.com/dotnet/arcade.git")
    }

    func testHTTPSTokenAsUserNameIsDropped() {
        XCTAssertEqual(RepositoryURL.redacted("https://ghp_abc123@github.com/dotnet/arcade"),
                       "https://github.com/dotnet/arcade")
    }

    func testSSHKeepsTheAccountNameButNotAPassword() {
        XCTAssertEqual(RepositoryURL.redacted("ssh://git:secret@github.com:22/dotnet/arcade.git"),
                       "ssh://git@github.com:22/dotnet/arcade.git")
        XCTAssertEqual(RepositoryURL.redacted("ssh://git@github.com/dotnet/arcade.git"),
                       "ssh://git@github.com/dotnet/arcade.git")
    }

    func testAnAtSignInThePathIsNotUserInfo() {
        XCTAssertEqual(RepositoryURL.redacted("https://example.com/scoped/@org/repo"),
                       "https://example.com/scoped/@org/repo")
        XCTAssertFalse(RepositoryURL.hasCredentials("https://example.com/scoped/@org/repo"))
    }

    func testLocalPathsAndSCPStyleAddressesAreUnchanged() {
        XCTAssertEqual(RepositoryURL.redacted("/srv/mirrors/tools.git"), "/srv/mirrors/tools.git")
        XCTAssertEqual(RepositoryURL.redacted("file:///srv/mirrors/tools.git"), "file:///srv/mirrors/tools.git")
        XCTAssertEqual(RepositoryURL.redacted("git@github.com:dotnet/arcade.git"), "git@github.com:dotnet/arcade.git")
    }
}
