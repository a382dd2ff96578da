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

    func testAPushGoesAheadOnlyWithExactlyTheUpdateThatWasChecked() throws {
        let state = RemoteCallbacks(url: url, credentials: github, timeout: .seconds(60))
        let old = try XCTUnwrap(ObjectID(hex: String(repeating: "a", count: 40)))
        let new = try XCTUnwrap(ObjectID(hex: String(repeating: "b", count: 40)))
        let expected = PushUpdate(reference: "refs/heads/census/migrate/app/main", old: nil, new: new)
        state.expectedPushUpdate = expected

        XCTAssertEqual(state.allowPush([expected]), 0)
        XCTAssertNil(state.unexpectedPushUpdate)
        // The branch appeared on the remote in the meantime: a push built for a new branch stops.
        var moved = expected
        moved.old = old
        XCTAssertEqual(state.allowPush([moved]), GIT_EUSER.rawValue)
        XCTAssertEqual(state.unexpectedPushUpdate, "refs/heads/census/migrate/app/main: aaaaaaa -> bbbbbbb")
        XCTAssertEqual(state.allowPush([expected, moved]), GIT_EUSER.rawValue)
        XCTAssertEqual(state.allowPush([]), GIT_EUSER.rawValue)
    }

    func testWithoutAnExpectedUpdateNoPushGoesAhead() throws {
        let state = RemoteCallbacks(url: url, credentials: github, timeout: .seconds(60))
        let new = try XCTUnwrap(ObjectID(hex: String(repeating: "b", count: 40)))
        XCTAssertEqual(state.allowPush([PushUpdate(reference: "refs/heads/x", old: nil, new: new)]), GIT_EUSER.rawValue)
    }

    func testWhatTheRemotePrintsIsKeptAsLinesWithoutControlCharactersOrSecrets() {
        let state = RemoteCallbacks(url: url, credentials: github, timeout: .seconds(60))
        for text in ["Resolving deltas:  50%\r", "Resolving deltas: 100%\n", "\u{1B}[31mdenied\u{1B}[0m by policy: ",
                     "see https://ci:t0ken@rules.example.com/x\n\n", "token t0ken\n"] {
            text.withCString { state.noteRemoteText($0, length: strlen($0)) }
        }
        XCTAssertEqual(state.remoteMessage, """
            Resolving deltas:  50%
            Resolving deltas: 100%
            [31mdenied[0m by policy: see https://***@rules.example.com/x
            token ***
            """)
    }

    func testWhatTheRemotePrintsIsBounded() {
        let state = RemoteCallbacks(url: url, credentials: github, timeout: .seconds(60))
        let line = String(repeating: "x", count: 1000) + "\n"
        for _ in 0..<100 { line.withCString { state.noteRemoteText($0, length: strlen($0)) } }
        // 16 whole lines and the start of the 17th: every kept byte, newlines included.
        XCTAssertEqual(state.remoteMessage.utf8.count, RemoteCallbacks.remoteTextLimit)
    }
}
