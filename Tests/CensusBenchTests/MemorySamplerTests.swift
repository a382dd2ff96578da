@testable import census_bench
import Foundation
import XCTest

final class MemorySamplerTests: XCTestCase {
    func testStopDoesNotWaitOutTheInterval() {
        let sampler = MemorySampler(pid: getpid(), interval: 60)
        let started = Date()
        sampler.start()
        let split = sampler.stop()
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        XCTAssertNotNil(split, "this process's own status was sampled once")
    }

    func testSplitIsReadFromProcStatus() {
        let split = MemorySplit(status: "Name:\tcensus\nVmRSS:\t  2048 kB\nRssAnon:\t  1024 kB\nRssFile:\t   768 kB\nRssShmem:\t  256 kB\n")
        XCTAssertEqual(split, MemorySplit(resident: 2_097_152, anonymous: 1_048_576, file: 786_432, shared: 262_144))
        XCTAssertNil(MemorySplit(status: "Name:\tgone\n"))
    }
}
