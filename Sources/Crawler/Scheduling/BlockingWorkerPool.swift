import Foundation

/// A fixed set of dedicated threads for blocking work (libgit2, SQLite), so that such calls never
/// occupy Swift's cooperative thread pool. Each submitted job runs start to finish on one thread,
/// which is what libgit2 handles need (they are never shared across threads).
public final class BlockingWorkerPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var shuttingDown = false
    private var threads: [Thread] = []

    /// Starts `count` threads (at least one) named `name-N`.
    public init(count: Int, name: String) {
        for index in 0..<max(1, count) {
            let thread = Thread { [weak self] in self?.workLoop() }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 4 << 20
            threads.append(thread)
            thread.start()
        }
    }

    deinit { shutdown() }

    /// Stops the threads once the queued jobs are done.
    public func shutdown() {
        condition.lock()
        shuttingDown = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` on one of the pool's threads and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            enqueue {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Runs a non-throwing `body` on one of the pool's threads.
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            enqueue { continuation.resume(returning: body()) }
        }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    private func workLoop() {
        while true {
            condition.lock()
            while queue.isEmpty && !shuttingDown { condition.wait() }
            if queue.isEmpty && shuttingDown {
                condition.unlock()
                return
            }
            let job = queue.removeFirst()
            condition.unlock()
            job()
        }
    }
}
