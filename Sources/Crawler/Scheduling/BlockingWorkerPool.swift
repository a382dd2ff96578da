import Foundation

/// A fixed set of dedicated threads for blocking work (libgit2, SQLite), so that such calls never
/// occupy Swift's cooperative thread pool. Each submitted job runs start to finish on one thread,
/// which is what libgit2 handles need (they are never shared across threads).
///
/// Jobs wait in lanes: an idle thread takes the oldest expedited job before any normal one. The
/// crawler expedites work that lets something already started finish, so what that work holds (a
/// repository's base snapshot) is released before new work is begun. An expedited job can name the
/// thread it should run on (the one that read what it reads again, and holds it in its caches):
/// that thread takes it first, and another thread takes it only when no normal job waits, so the
/// threads work on different things while there are different things to work on.
public final class BlockingWorkerPool: @unchecked Sendable {
    /// Where a submitted job waits.
    public enum Lane: Sendable {
        /// Behind every job already waiting.
        case normal
        /// Ahead of every normal job, behind expedited jobs already waiting.
        case expedited
        /// Expedited on the pool's thread number `thread` (`currentThread`), and ahead of what else
        /// waits there; on the other threads behind every normal job.
        case expeditedOn(thread: Int)
    }

    private let condition = NSCondition()
    private var normal: [@Sendable () -> Void] = []
    private var expedited: [@Sendable () -> Void] = []
    /// Per thread, the expedited jobs that name it.
    private var preferring: [[@Sendable () -> Void]]
    private var shuttingDown = false
    private var threads: [Thread] = []

    /// Starts `count` threads (at least one) named `name-N`, each `niceness` nicer than the thread
    /// starting them (Linux's nice value is per thread: a nicer thread yields the CPU to the others).
    public init(count: Int, name: String, niceness: Int32 = 0) {
        preferring = Array(repeating: [], count: max(1, count))
        for index in 0..<max(1, count) {
            let thread = Thread { [weak self] in
                if niceness != 0 { Self.setNiceness(niceness) }
                self?.workLoop(index)
            }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 4 << 20
            threads.append(thread)
            thread.start()
        }
    }

    deinit { shutdown() }

    /// Makes the calling thread `niceness` nicer, up to 19 (on Linux a thread's own: `setpriority`
    /// with `PRIO_PROCESS` and 0 names the calling thread). A refusal leaves it as it was.
    static func setNiceness(_ niceness: Int32) {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        #else
        let which = PRIO_PROCESS
        #endif
        _ = setpriority(which, 0, min(19, getpriority(which, 0) + niceness))
    }

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
        return normal.count + expedited.count + preferring.reduce(0) { $0 + $1.count }
    }

    /// The number of the calling thread in the pool that runs it (0 up to the pool's thread count), nil
    /// when another thread calls.
    public var currentThread: Int? {
        guard let worker = Thread.current.threadDictionary[Self.workerKey] as? Worker,
              worker.pool === self else { return nil }
        return worker.index
    }

    /// What a pool's thread knows about itself.
    private final class Worker {
        weak var pool: BlockingWorkerPool?
        let index: Int
        init(pool: BlockingWorkerPool, index: Int) {
            self.pool = pool
            self.index = index
        }
    }

    private static let workerKey = "census.BlockingWorkerPool.worker"

    private func enqueue(_ lane: Lane, _ job: @escaping @Sendable () -> Void) {
        condition.lock()
        switch lane {
        case .normal: normal.append(job)
        case .expedited: expedited.append(job)
        case .expeditedOn(let thread): preferring[min(max(0, thread), preferring.count - 1)].append(job)
        }
        // Wake every idle thread: the one a job names may not be the one a signal would wake.
        condition.broadcast()
        condition.unlock()
    }

    private func workLoop(_ index: Int) {
        Thread.current.threadDictionary[Self.workerKey] = Worker(pool: self, index: index)
        while true {
            condition.lock()
            var job: (@Sendable () -> Void)?
            while job == nil {
                job = nextJob(for: index)
                if job == nil {
                    if shuttingDown { break }
                    condition.wait()
                }
            }
            condition.unlock()
            guard let job else { return }
            job()
        }
    }

    /// Takes the job thread `index` should run next, under the lock: its own expedited jobs, then
    /// other expedited jobs, then normal ones, then expedited jobs naming another thread.
    private func nextJob(for index: Int) -> (@Sendable () -> Void)? {
        if !preferring[index].isEmpty { return preferring[index].removeFirst() }
        if !expedited.isEmpty { return expedited.removeFirst() }
        if !normal.isEmpty { return normal.removeFirst() }
        for other in preferring.indices where !preferring[other].isEmpty { return preferring[other].removeFirst() }
        return nil
    }
}
