import Foundation

/// A fixed set of dedicated threads for blocking work (libgit2, SQLite), so that such calls never
/// occupy Swift's cooperative thread pool. Each submitted job runs start to finish on one thread,
/// which is what libgit2 handles need (they are never shared across threads).
///
/// Jobs wait in one of two lanes: an idle thread takes the oldest expedited job before any normal
/// one. The crawler expedites work that lets something already started finish, so what that work
/// holds (a repository's base snapshot) is released before new work is begun.
public final class BlockingWorkerPool: @unchecked Sendable {
    /// Where a submitted job waits.
    public enum Lane: Sendable {
        /// Behind every job already waiting.
        case normal
        /// Ahead of every normal job, behind expedited jobs already waiting.
        case expedited
    }

    private let condition = NSCondition()
    private var normal: [@Sendable () -> Void] = []
    private var expedited: [@Sendable () -> Void] = []
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
    public func run<T: Sendable>(_ lane: Lane = .normal,
                                 _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            enqueue(lane) {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Runs a non-throwing `body` on one of the pool's threads.
    public func run<T: Sendable>(_ lane: Lane = .normal, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            enqueue(lane) { continuation.resume(returning: body()) }
        }
    }

    /// How many submitted jobs wait for a thread.
    var waitingJobs: Int {
        condition.lock()
        defer { condition.unlock() }
        return normal.count + expedited.count
    }

    private func enqueue(_ lane: Lane, _ job: @escaping @Sendable () -> Void) {
        condition.lock()
        switch lane {
        case .normal: normal.append(job)
        case .expedited: expedited.append(job)
        }
        condition.signal()
        condition.unlock()
    }

    private func workLoop() {
        while true {
            condition.lock()
            while normal.isEmpty && expedited.isEmpty && !shuttingDown { condition.wait() }
            let job: @Sendable () -> Void
            if !expedited.isEmpty {
                job = expedited.removeFirst()
            } else if !normal.isEmpty {
                job = normal.removeFirst()
            } else {
                condition.unlock()
                return
            }
            condition.unlock()
            job()
        }
    }
}
