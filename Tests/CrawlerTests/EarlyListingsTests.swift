import Foundation
import Git
import TestSupport
import XCTest
@testable import Crawler

final class EarlyListingsTests: XCTestCase {
    func testOnlyTheFirstNetworkRepositoriesAreListedAndEachListingIsTakenOnce() throws {
        // Nothing listens on loopback port 1: each listing fails at once, and the failure is what is taken.
        let refused = (1...3).map { "http://127.0.0.1:1/repo-\($0).git" }
        let scratch = try ScratchDirectory()
        let local = try GitFixture(in: scratch, named: "local.git").path
        let specs = ([local] + refused).map { RepositorySpec(url: $0, name: URL(fileURLWithPath: $0).lastPathComponent) }
        let early = EarlyListings(specs, count: 2, credentials: .anonymous, timeout: .seconds(10))
        early.waitForAll()

        XCTAssertNil(early.take(local), "a repository on this machine is read in place, never listed")
        for url in refused.prefix(2) {
            guard case .failure = try XCTUnwrap(early.take(url), url) else { return XCTFail("\(url) was listed") }
            XCTAssertNil(early.take(url), "taken once")
        }
        XCTAssertNil(early.take(refused[2]), "only the first two network repositories")
    }
}
