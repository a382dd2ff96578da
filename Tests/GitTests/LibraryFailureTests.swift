import CLibGit2
import XCTest
@testable import Git
import TestSupport

final class LibraryFailureTests: XCTestCase {
    override func setUp() {
        GitLibrary.initialize()
    }

    func testTheLastErrorIsCapturedWithCodeClassAndMessage() throws {
        let folder = try ScratchDirectory()
        let scratch = folder.path
        var repository: OpaquePointer?
        let code = git_repository_open_ext(&repository, scratch, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
        let failure = LibraryFailure(code: code)
        XCTAssertTrue(failure.has(GIT_ENOTFOUND))
        XCTAssertTrue(failure.isClass(GIT_ERROR_REPOSITORY))
        XCTAssertEqual(failure.message, "could not find repository from '\(scratch)'")
    }

    func testMessagesAreScrubbedOfSecrets() {
        git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "cannot reach https://x:tok3n@host/repo with tok3n")
        let failure = LibraryFailure(code: -1, secrets: ["tok3n"])
        XCTAssertEqual(failure.message, "cannot reach https://***@host/repo with ***")
        XCTAssertEqual(failure.error("fetch"),
                       .library(operation: "fetch", code: -1, errorClass: Int32(GIT_ERROR_NET.rawValue),
                                message: "cannot reach https://***@host/repo with ***"))
    }

    func testCheckPassesSuccessAndThrowsTheInterpretedError() {
        XCTAssertEqual(try check(0, "noop"), 0)
        git_error_set_str(Int32(GIT_ERROR_REFERENCE.rawValue), "reference 'x' not found")
        XCTAssertThrowsError(try check(GIT_ENOTFOUND.rawValue, "look up", interpret: { _ in .notFound(what: "branch 'x'") })) {
            XCTAssertEqual($0 as? GitError, .notFound(what: "branch 'x'"))
        }
    }

    func testALockFailureNamesItsLockFile() {
        git_error_set_str(Int32(GIT_ERROR_OS.rawValue), "failed to lock file '/m/refs/heads/main.lock' for writing")
        XCTAssertEqual(LibraryFailure(code: GIT_ELOCKED.rawValue).error("set reference"),
                       .locked(lockFile: "/m/refs/heads/main.lock"))
        // Two writers racing: the second one's exclusive create fails; the message alone is enough.
        git_error_set_str(Int32(GIT_ERROR_OS.rawValue), "failed to create locked file '/m/config.lock'")
        XCTAssertEqual(LibraryFailure(code: -1).error("create repository"), .locked(lockFile: "/m/config.lock"))
    }

    func testOtherFailuresAndUnnamedLocksStayLibraryErrors() {
        git_error_set_str(Int32(GIT_ERROR_OS.rawValue), "failed to write 'x.lock'")
        XCTAssertEqual(LibraryFailure(code: -1).error("write"),
                       .library(operation: "write", code: -1, errorClass: Int32(GIT_ERROR_OS.rawValue),
                                message: "failed to write 'x.lock'"))
        git_error_set_str(Int32(GIT_ERROR_INDEX.rawValue), "the index is locked")
        let unnamed = LibraryFailure(code: GIT_ELOCKED.rawValue).error("write index")
        XCTAssertEqual(unnamed, .library(operation: "write index", code: GIT_ELOCKED.rawValue,
                                         errorClass: Int32(GIT_ERROR_INDEX.rawValue), message: "the index is locked"))
        XCTAssertEqual(unnamed.localDamage, "a lock file left behind")
    }

    func testInvalidUTF8FromLibgit2IsRepairedNotFatal() {
        let bytes: [CChar] = [0x61, CChar(bitPattern: 0xFF), 0x62, 0]
        XCTAssertEqual(bytes.withUnsafeBufferPointer { string(from: $0.baseAddress!) }, "a\u{FFFD}b")
    }
}
