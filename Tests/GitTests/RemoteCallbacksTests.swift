import CLibGit2
import XCTest
@testable import Git

final class RemoteCallbacksTests: XCTestCase {
    private let url = "https://github.com/dotnet/arcade"

    override func setUp() {
        GitLibrary.initialize()
    }

    private func acquire(_ state: RemoteCallbacks, url: String, allowed: UInt32 = GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue) -> Int32 {
        var credential: UnsafeMutablePointer<git_credential>?
        let code = state.acquire(&credential, url: url, usernameFromURL: nil, allowedTypes: allowed)
        if let credential { git_credential_free(credential) }
        return code
    }

    func testTheTokenIsOfferedOnceThenRefusedToStopTheRetryLoop() {
        let state = RemoteCallbacks(url: url, credentials: Credentials(token: "t0ken"), timeout: .seconds(60))
        XCTAssertEqual(acquire(state, url: url), 0)
        XCTAssertFalse(state.credentialsRejected)
        XCTAssertEqual(acquire(state, url: url), GIT_EUSER.rawValue)
        XCTAssertTrue(state.credentialsRejected)
    }

    func testNoTokenMeansNoCredentialAndAnAuthenticationError() {
        let state = RemoteCallbacks(url: url, credentials: .anonymous, timeout: .seconds(60))
        XCTAssertEqual(acquire(state, url: url), GIT_PASSTHROUGH.rawValue)
        XCTAssertTrue(state.credentialsMissing)
    }

    func testTheTokenIsNeverSentOverPlainHTTP() {
        let plain = "http://github.com/dotnet/arcade"
        let state = RemoteCallbacks(url: plain, credentials: Credentials(token: "t0ken"), timeout: .seconds(60))
        XCTAssertEqual(acquire(state, url: plain), GIT_PASSTHROUGH.rawValue)
    }

    func testTheTokenIsNeverSentToAnotherHostAfterARedirect() {
        let state = RemoteCallbacks(url: url, credentials: Credentials(token: "t0ken"), timeout: .seconds(60))
        XCTAssertEqual(acquire(state, url: "https://evil.example/dotnet/arcade"), GIT_PASSTHROUGH.rawValue)
    }

    func testAPassedDeadlineStopsTheTransfer() {
        let live = RemoteCallbacks(url: url, credentials: .anonymous, timeout: .seconds(3600))
        XCTAssertEqual(live.continueIfInTime(), 0)
        let expired = RemoteCallbacks(url: url, credentials: .anonymous, timeout: .zero)
        XCTAssertEqual(expired.continueIfInTime(), GIT_EUSER.rawValue)
        XCTAssertTrue(expired.deadlinePassed)
    }

    func testHostIgnoresUserinfoPortAndCase() {
        XCTAssertEqual(RemoteCallbacks.host(of: "https://u:p@GitHub.com:443/x"), "github.com")
        XCTAssertEqual(RemoteCallbacks.host(of: "https://[::1]:8080/x"), "[::1]")
        XCTAssertNil(RemoteCallbacks.host(of: "/srv/repo.git"))
    }
}
