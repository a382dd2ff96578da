import XCTest
import Git

final class GitErrorTests: XCTestCase {
    func testAuthenticationFailureTellsWhichVariableToSet() {
        let message = GitError.authenticationFailed(url: "https://***@github.com/org/repo").description
        XCTAssertEqual(message,
                       "authentication failed for https://***@github.com/org/repo: set CENSUS_GIT_TOKEN to a token that can read it")
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
}
