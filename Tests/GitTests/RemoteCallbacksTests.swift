import CLibGit2
import XCTest
@testable import Git

final class RemoteCallbacksTests: XCTestCase {
    private let url = "https://github.com/dotnet/arcade"
    private let github = Credentials(token: "t0ken", hosts: [HostPattern("github.com")].compactMap { $0 })

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
        let state = RemoteCallbacks(url: url, credentials: github, timeout: .seconds(60))
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
        let state = RemoteCallbacks(url: plain, credentials: github, timeout: .seconds(60))
        XCTAssertEqual(acquire(state, url: plain), GIT_PASSTHROUGH.rawValue)
    }

    func testTheTokenIsSentOverPlainHTTPOnlyToALoopbackHost() {
        let loopback = ["127.0.0.1:8080", "localhost", "[::1]:8080", "127.0.0.1.evil.example"].compactMap(HostPattern.init)
        let credentials = Credentials(token: "t0ken", hosts: loopback + [HostPattern("github.com")].compactMap { $0 })
        XCTAssertNotNil(credentials.token(for: "http://127.0.0.1:8080/repo.git"))
        XCTAssertNotNil(credentials.token(for: "http://localhost/repo.git"))
        XCTAssertNotNil(credentials.token(for: "http://[::1]:8080/repo.git"))
        XCTAssertNil(credentials.token(for: "http://127.0.0.1.evil.example/repo.git"))
        XCTAssertNil(credentials.token(for: "http://github.com/dotnet/arcade"))
        let local = "http://127.0.0.1:8080/private/repo.git"
        let state = RemoteCallbacks(url: local, credentials: credentials, timeout: .seconds(60))
        XCTAssertEqual(acquire(state, url: local), 0)
    }

    func testTheTokenIsNeverSentToAnotherHostThanTheRequestedOne() {
        let both = Credentials(token: "t0ken", hosts: ["github.com", "evil.example"].compactMap(HostPattern.init))
        let state = RemoteCallbacks(url: url, credentials: both, timeout: .seconds(60))
        XCTAssertEqual(acquire(state, url: "https://evil.example/dotnet/arcade"), GIT_PASSTHROUGH.rawValue)
    }

    func testNoTokenIsOfferedAfterAnAllowedRedirect() {
        let state = RemoteCallbacks(url: url, credentials: github, timeout: .seconds(60),
                                    redirects: .followedWithoutToken(host: "elsewhere.example"))
        XCTAssertEqual(acquire(state, url: url), GIT_PASSTHROUGH.rawValue)
        XCTAssertTrue(state.credentialsMissing)
    }

    func testAURLWithItsOwnCredentialsIsNeverGivenTheToken() {
        let withUser = "https://someone:pw@github.com/dotnet/arcade"
        let state = RemoteCallbacks(url: withUser, credentials: github, timeout: .seconds(60))
        var credential: UnsafeMutablePointer<git_credential>?
        XCTAssertEqual(state.acquire(&credential, url: withUser, usernameFromURL: "someone",
                                     allowedTypes: GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue), GIT_EUSER.rawValue)
        XCTAssertNil(credential)
        XCTAssertTrue(state.urlCredentialsRefused)
    }

    func testLibgit2sRefusedRedirectMessageGivesBothHosts() {
        XCTAssertTrue(RemoteCallbacks.refusedRedirect(in: "cannot redirect from 'a.example' to 'b.example'")
            .map { $0 == ("a.example", "b.example") } ?? false)
        XCTAssertNil(RemoteCallbacks.refusedRedirect(in: "unexpected http status code: 404"))
    }

    func testAPassedDeadlineStopsTheTransfer() {
        let live = RemoteCallbacks(url: url, credentials: .anonymous, timeout: .seconds(3600))
        XCTAssertEqual(live.continueIfInTime(), 0)
        let expired = RemoteCallbacks(url: url, credentials: .anonymous, timeout: .zero)
        XCTAssertEqual(expired.continueIfInTime(), GIT_EUSER.rawValue)
        XCTAssertTrue(expired.deadlinePassed)
    }
}
