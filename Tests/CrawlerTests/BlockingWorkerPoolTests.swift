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

    func testAJobNamingItsThreadRunsThereBeforeExpeditedAndNormalJobs() async {
        let order = await runOrder(of: [("whole scan B", .normal), ("difference X1", .expedited),
                                        ("difference A1", .expeditedOn(thread: 0)), ("whole scan C", .normal),
                                        ("difference A2", .expeditedOn(thread: 0))])
        XCTAssertEqual(order, ["difference A1", "difference A2", "difference X1", "whole scan B", "whole scan C"])
    }

    func testAnotherThreadTakesAJobNamingABusyThreadOnlyWhenNoNormalJobWaits() async {
        let pool = BlockingWorkerPool(count: 2, name: "census-test")
        defer { pool.shutdown() }
        let journal = Journal()
        let gates = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
        let started = DispatchSemaphore(value: 0)
        // Hold both threads, each until its own gate opens.
        let holders = (0..<2).map { _ in
            Task {
                await pool.run {
                    let thread = pool.currentThread ?? 0
                    started.signal()
                    gates[thread].wait()
                }
            }
        }
        started.wait()
        started.wait()
        let jobs: [(String, BlockingWorkerPool.Lane)] = [("difference A1", .expeditedOn(thread: 0)),
                                                         ("difference A2", .expeditedOn(thread: 0)),
                                                         ("whole scan B", .normal), ("whole scan C", .normal)]
        await withTaskGroup(of: Void.self) { group in
            for (index, (name, lane)) in jobs.enumerated() {
                group.addTask {
                    await pool.run(lane) { journal.append("\(name) on \(pool.currentThread.map(String.init) ?? "?")") }
                }
                while pool.waitingJobs < index + 1 { await Task.yield() }
            }
            // Only thread 1 is free: it runs the normal jobs first, then those naming busy thread 0.
            gates[1].signal()
        }
        gates[0].signal()
        for holder in holders { await holder.value }
        XCTAssertEqual(journal.entries, ["whole scan B on 1", "whole scan C on 1", "difference A1 on 1",
                                         "difference A2 on 1"])
    }

    func testCurrentThreadIsTheNumberOfThePoolsThreadAndNilElsewhere() async {
        let pool = BlockingWorkerPool(count: 3, name: "census-test")
        defer { pool.shutdown() }
        let other = BlockingWorkerPool(count: 1, name: "census-other")
        defer { other.shutdown() }
        XCTAssertNil(pool.currentThread)
        var seen: Set<Int> = []
        for _ in 0..<30 {
            let thread = await pool.run { pool.currentThread }
            if let thread { seen.insert(thread) }
        }
        XCTAssertTrue(seen.isSubset(of: [0, 1, 2]) && !seen.isEmpty)
        let fromOther = await other.run { pool.currentThread }
        XCTAssertNil(fromOther)
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

    func testJobsRunAtThePoolsNicenessAboveTheThreadThatStartedIt() async {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        #else
        let which = PRIO_PROCESS
        #endif
        let nice = BlockingWorkerPool(count: 2, name: "test-nice", niceness: 7)
        let plain = BlockingWorkerPool(count: 1, name: "test-plain")
        defer {
            nice.shutdown()
            plain.shutdown()
        }
        let inNicePool = await nice.run { getpriority(which, 0) }
        let inPlainPool = await plain.run { getpriority(which, 0) }
        // Both pools' threads start from this thread, at its nice value.
        XCTAssertEqual(inNicePool, min(19, inPlainPool + 7))
    }
}
