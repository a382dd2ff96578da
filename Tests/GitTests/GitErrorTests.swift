import XCTest
import Git

final class GitErrorTests: XCTestCase {
    func testAuthenticationFailureTellsWhichVariableToSetForThatHost() {
        XCTAssertEqual(GitError.authenticationFailed(url: "https://github.com/org/repo").description,
                       "authentication failed for https://github.com/org/repo: set CENSUS_GIT_TOKEN_github_com "
                       + "(or CENSUS_GIT_TOKEN with github.com in CENSUS_GIT_TOKEN_HOSTS) to a token that can read it")
        XCTAssertEqual(GitError.authenticationFailed(url: "http://127.0.0.1:8080/org/repo").description,
                       "authentication failed for http://127.0.0.1:8080/org/repo: set CENSUS_GIT_TOKEN_127_0_0_1_8080 "
                       + "(or CENSUS_GIT_TOKEN with 127.0.0.1:8080 in CENSUS_GIT_TOKEN_HOSTS) to a token that can read it")
    }

    func testARefusedPushTokenNamesTheHostAndSaysNothingWasPushed() {
        XCTAssertEqual(GitError.pushTokenRefused(url: "https://github.com/org/repo").description,
                       "the server refused the token for github.com: nothing was pushed to https://github.com/org/repo; "
                       + "check that CENSUS_GIT_TOKEN_github_com (or CENSUS_GIT_TOKEN with github.com in CENSUS_GIT_TOKEN_HOSTS) "
                       + "holds a token that may write to the repository")
        XCTAssertEqual(GitError.pushUnauthorized(url: "https://git.example.com:8443/r", tokenConfigured: false).description,
                       "https://git.example.com:8443/r does not accept a push without a token and census has none for "
                       + "git.example.com:8443: nothing was pushed; set CENSUS_GIT_TOKEN_git_example_com_8443 (or CENSUS_GIT_TOKEN "
                       + "with git.example.com:8443 in CENSUS_GIT_TOKEN_HOSTS) to a token that may write to the repository")
        XCTAssertTrue(GitError.pushUnauthorized(url: "ssh://git@example.com/r", tokenConfigured: false).description
            .contains("SSH agent"))
    }

    func testARefusedPushNamesTheRepositoryBranchAndWhy() throws {
        let scanned = try XCTUnwrap(ObjectID(hex: "1234567" + String(repeating: "0", count: 33)))
        let now = try XCTUnwrap(ObjectID(hex: "abcdef0" + String(repeating: "0", count: 33)))
        XCTAssertEqual(GitError.pushBaseMoved(url: "https://github.com/o/r", branch: "main", scanned: scanned, now: now).description,
                       "branch main of https://github.com/o/r moved since it was scanned at 1234567 (it is now at abcdef0): "
                       + "nothing was pushed, because the change would not be a fast-forward of the scanned tip; crawl again "
                       + "and re-run the migration")
        XCTAssertTrue(GitError.pushBaseMoved(url: "u", branch: "main", scanned: scanned, now: nil).description
            .contains("(it no longer exists)"))
        XCTAssertEqual(GitError.pushTargetExists(url: "https://github.com/o/r", branch: "census/migrate/r/main", tip: now).description,
                       "branch census/migrate/r/main already exists in https://github.com/o/r with other content (at abcdef0): "
                       + "nothing was pushed; delete that branch on the server if it is an old proposal, or push under another name")
        XCTAssertEqual(GitError.pushRejected(url: "https://github.com/o/r", branch: "b", reason: "pre-receive hook declined",
                                             remoteMessage: "no pushes on Fridays").description,
                       "https://github.com/o/r refused to update branch b (pre-receive hook declined): the branch was not "
                       + "changed; the server said:\nno pushes on Fridays")
        XCTAssertEqual(GitError.pushNotFastForward(reference: "refs/heads/x", baseBranch: "main", baseTip: scanned).description,
                       "refs/heads/x does not build on 1234567, the scanned tip of main: nothing was pushed (a migration branch "
                       + "must be a fast-forward of the commit that was scanned)")
    }

    func testARefusedRedirectNamesBothHostsAndHowToAllowIt() {
        XCTAssertEqual(GitError.redirectRefused(url: "https://a.example/x", from: "a.example", to: "b.example").description,
                       "https://a.example/x redirected from a.example to b.example, another host, and census did not follow: "
                       + "write the repository's new address in repos.txt, or add b.example to CENSUS_GIT_ALLOW_REDIRECT_HOSTS "
                       + "to follow the redirect (no token is ever sent to b.example that way)")
    }

    func testCorruptRepositoryTellsToDeleteIt() {
        XCTAssertEqual(GitError.corrupt(path: "/m/x", message: "bad HEAD").description,
                       "git repository at '/m/x' is damaged (bad HEAD); delete it so it is cloned again")
    }

    func testLibraryErrorCarriesCodeClassAndMessage() {
        XCTAssertEqual(GitError.library(operation: "write tree", code: -1, errorClass: 9, message: "disk full").description,
                       "git write tree failed: disk full (libgit2 error -1, class 9)")
    }

    func testTimeoutNamesTheRemoteAndTheLimit() {
        XCTAssertEqual(GitError.timeout(url: "https://h/x", seconds: 60).description,
                       "https://h/x did not answer within 60 s; it is skipped this run")
    }

    func testALockTellsWhichFileToDelete() {
        XCTAssertEqual(GitError.locked(lockFile: "/m/refs/heads/main.lock").description,
                       "lock file '/m/refs/heads/main.lock' exists: another git process is updating the repository, "
                       + "or an interrupted one left it behind; delete it if no git process is running")
    }

    func testOnlyTheRepositorysOwnFilesCountAsDamage() {
        XCTAssertEqual(GitError.corrupt(path: "/m", message: "bad HEAD").localDamage, "unreadable repository files")
        XCTAssertEqual(GitError.notFound(what: "object 1a2b3c").localDamage, "missing objects")
        XCTAssertEqual(GitError.library(operation: "read", code: -1, errorClass: 9, message: "bad pack").localDamage,
                       "unreadable objects")
        let notDamage: [GitError] = [
            .notFound(what: "revision 'v9'"), .authenticationFailed(url: "https://h/x"),
            .network(url: "https://h/x", message: "reset"), .remoteNotFound(url: "https://h/x", message: "404"),
            .timeout(url: "https://h/x", seconds: 60), .repositoryNotFound(path: "/m"), .invalidReferenceName("a..b"),
            .library(operation: "write", code: -1, errorClass: 2, message: "No space left on device"),
        ]
        XCTAssertEqual(notDamage.compactMap(\.localDamage), [])
    }
}
