import XCTest
@testable import Crawler

final class BoundedCacheTests: XCTestCase {
    func testTheCacheNeverHoldsMoreThanItsCapacity() {
        let cache = BoundedCache<Int, Int>(capacity: 10)
        for key in 0..<1_000 { cache.insert(key, for: key) }
        XCTAssertLessThanOrEqual(cache.count, 10)
        XCTAssertEqual(cache[999], 999)
        XCTAssertNil(cache[0])
    }

    func testAnEntryInUseSurvivesTheTurnOfAGeneration() {
        let cache = BoundedCache<Int, String>(capacity: 4)
        cache.insert("kept", for: 0)
        cache.insert("b", for: 1)
        cache.insert("c", for: 2) // 0 and 1 move to the old generation
        XCTAssertEqual(cache[0], "kept") // used: back in the young generation
        cache.insert("d", for: 3) // the old generation (holding 1) is dropped
        XCTAssertEqual(cache[0], "kept")
        XCTAssertNil(cache[1])
    }

    /// Emptied, the cache holds nothing at once, and what it held is freed on another thread, even
    /// when that thread is done before the call returns.
    func testEmptyingInTheBackgroundFreesWhatItHeldElsewhere() {
        final class Tracked: @unchecked Sendable {
            let freed: XCTestExpectation
            init(_ freed: XCTestExpectation) { self.freed = freed }
            deinit {
                XCTAssertFalse(Thread.isMainThread, "freed on the thread that emptied the cache")
                freed.fulfill()
            }
        }
        let freed = expectation(description: "the entries are freed")
        freed.expectedFulfillmentCount = 3
        let cache = BoundedCache<Int, Tracked>(capacity: 4)
        for key in 0..<3 { cache.insert(Tracked(freed), for: key) } // the third turns a generation
        cache.emptyInBackground { free in
            // The other thread finishes before the call returns: the order that once freed the
            // entries on the calling thread.
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                free()
                done.signal()
            }
            done.wait()
        }
        XCTAssertEqual(cache.count, 0)
        XCTAssertNil(cache[0])
        wait(for: [freed], timeout: 10)
    }
}
