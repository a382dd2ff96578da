import XCTest
@testable import Git

final class GitLibraryTests: XCTestCase {
    func testInitializingTwiceAppliesTheMappedPackFileLimitOnce() {
        GitLibrary.initialize()
        GitLibrary.initialize()
        XCTAssertEqual(GitLibrary.currentMappedPackFileLimit, 64)
    }

    func testVersionIsTheLinkedLibgit2() {
        XCTAssertEqual(GitLibrary.version, "1.5.1")
    }

    func testConcurrentInitializationIsSafe() {
        DispatchQueue.concurrentPerform(iterations: 8) { _ in GitLibrary.initialize() }
        XCTAssertEqual(GitLibrary.currentMappedPackFileLimit, GitLibrary.mappedPackFileLimit)
    }
}
