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

    func testPackWindowsAreSmallAndTheirMappedTotalBounded() {
        // 32 MiB windows, at most 128 MiB mapped: the pack pages a crawl keeps resident are bounded
        // (libgit2's defaults, 1 GiB windows and 8 GiB mapped, kept whole packs resident).
        let applied = GitLibrary.currentMappedWindow
        XCTAssertEqual(applied.windowBytes, 32 << 20)
        XCTAssertEqual(applied.limitBytes, 128 << 20)
    }
}
