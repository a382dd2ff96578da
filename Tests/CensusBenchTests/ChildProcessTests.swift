@testable import census_bench
import Foundation
import XCTest

/// The measuring parent's figures are the command's own. No test here times anything the bench
/// reports: the intervals are chosen so long that a wrong result is off by seconds, not milliseconds.
final class ChildProcessTests: XCTestCase {
    /// The wall time used to include the wait for the memory sampler's next sample (up to 50 ms in
    /// the bench, which turned a 0.166 s re-crawl into 0.216 s at random).
    func testSampledWallTimeEndsWhenTheCommandExitsNotWhenTheSamplerStops() throws {
        let (result, _) = try ChildProcess.runSampled(["/bin/true"], interval: 10)
        XCTAssertEqual(result.status, 0)
        XCTAssertLessThan(result.seconds, 5)
    }

    func testSampledRunReportsTheCommandsStatusAndPeakMemory() throws {
        let (result, split) = try ChildProcess.runSampled(["/bin/sh", "-c", "exit 3"], interval: 10)
        XCTAssertEqual(result.status, 3)
        XCTAssertGreaterThan(result.maxResidentBytes, 0)
        // One sample at most, taken right after the start: the split may or may not have caught it.
        if let split { XCTAssertGreaterThanOrEqual(split.resident, split.anonymous) }
    }
}
