import Foundation
import XCTest

@testable import Crawler

final class BlockingWorkerPoolTests: XCTestCase {
    /// Records the order jobs ran in.
    private final class Journal: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func append(_ name: String) { lock.withLock { names.append(name) } }
        var entries: [String] { lock.withLock { names } }
    }

    /// Fills the pool's only thread with a job that waits for `gate`, then submits `jobs` in order
    /// and returns the order they ran in once the gate opens.
    private func runOrder(of jobs: [(String, BlockingWorkerPool.Lane)]) async -> [String] {
        let pool = BlockingWorkerPool(count: 1, name: "census-test")
        defer { pool.shutdown() }
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let journal = Journal()
        let blocker = Task {
            await pool.run {
                started.signal()
                gate.wait()
            }
        }
        started.wait()
        await withTaskGroup(of: Void.self) { group in
            for (index, (name, lane)) in jobs.enumerated() {
                group.addTask { await pool.run(lane) { journal.append(name) } }
                // Each job is queued before the next one is submitted.
                while pool.waitingJobs < index + 1 { await Task.yield() }
            }
            gate.signal()
            await blocker.value
        }
        return journal.entries
    }

    func testExpeditedJobsRunBeforeWaitingNormalJobsInTheirOwnOrder() async {
        let order = await runOrder(of: [("whole scan A", .normal), ("whole scan B", .normal),
                                        ("difference A1", .expedited), ("whole scan C", .normal),
                                        ("difference A2", .expedited)])
        XCTAssertEqual(order, ["difference A1", "difference A2", "whole scan A", "whole scan B", "whole scan C"])
    }

    func testNormalJobsRunInTheOrderTheyWereSubmitted() async {
        let order = await runOrder(of: [("first", .normal), ("second", .normal), ("third", .normal)])
        XCTAssertEqual(order, ["first", "second", "third"])
    }

    func testEveryJobReturnsItsResultOrRethrowsItsError() async throws {
        let pool = BlockingWorkerPool(count: 2, name: "census-test")
        defer { pool.shutdown() }
        let results = await withTaskGroup(of: (Int, Int).self) { group in
            for index in 0..<20 {
                group.addTask { (index, await pool.run(index.isMultiple(of: 3) ? .expedited : .normal) { index * index }) }
            }
            var all: [Int: Int] = [:]
            for await (index, square) in group { all[index] = square }
            return all
        }
        XCTAssertEqual(results, Dictionary(uniqueKeysWithValues: (0..<20).map { ($0, $0 * $0) }))
        struct Failure: Error {}
        do {
            _ = try await pool.run(.expedited) { () throws -> Int in throw Failure() }
            XCTFail("the job's error is rethrown")
        } catch is Failure {}
    }
}
