import XCTest
import Git

final class CredentialsTests: XCTestCase {
    func testTokenComesFromCensusGitToken() {
        let credentials = Credentials.fromEnvironment(["CENSUS_GIT_TOKEN": "abc123", "OTHER": "x"])
        XCTAssertEqual(credentials.token, "abc123")
        XCTAssertEqual(credentials.username, "x-access-token")
    }

    func testMissingOrEmptyTokenMeansAnonymous() {
        XCTAssertNil(Credentials.fromEnvironment([:]).token)
        XCTAssertNil(Credentials.fromEnvironment(["CENSUS_GIT_TOKEN": ""]).token)
    }

    func testDescriptionAndDumpNeverShowTheToken() {
        let credentials = Credentials(token: "very-secret-token")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [credentials.description, credentials.debugDescription, "\(credentials)", dumped] {
            XCTAssertFalse(text.contains("very-secret-token"), text)
        }
        XCTAssertEqual(credentials.description, "Credentials(token: ***)")
        XCTAssertEqual(Credentials.anonymous.description, "Credentials(anonymous)")
    }
}
