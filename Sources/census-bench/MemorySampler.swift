import Foundation

/// What a process's resident memory was made of at one moment, from `/proc/<pid>/status` (Linux).
///
/// `anonymous` is heap, stacks and other memory the process allocated; `file` is pages of mapped
/// files that are resident: the executable and its libraries, and the pack files libgit2 maps;
/// `shared` is shared memory. They add up to the resident set size.
struct MemorySplit: Equatable {
    var resident = 0
    var anonymous = 0
    var file = 0
    var shared = 0

    /// Parses the `VmRSS`, `RssAnon`, `RssFile` and `RssShmem` lines (in kB); nil when `VmRSS` is
    /// missing (the process has exited, or the kernel is not Linux).
    init?(status: String) {
        var found = false
        for line in status.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let kilobytes = Int(parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
            switch parts[0] {
            case "VmRSS": resident = kilobytes * 1024; found = true
            case "RssAnon": anonymous = kilobytes * 1024
            case "RssFile": file = kilobytes * 1024
            case "RssShmem": shared = kilobytes * 1024
            default: break
            }
        }
        guard found else { return nil }
    }

    init(resident: Int, anonymous: Int, file: Int, shared: Int) {
        (self.resident, self.anonymous, self.file, self.shared) = (resident, anonymous, file, shared)
    }

    /// "A MB anonymous + F MB file-backed", for the results.
    var summary: String {
        String(format: "%.0f MB anonymous + %.0f MB file-backed", Double(anonymous) / 1_048_576,
               Double(file + shared) / 1_048_576)
    }

    /// Report fields, and back: "resident anonymous file shared" in bytes.
    var fields: String { "\(resident) \(anonymous) \(file) \(shared)" }
    init?(fields: [Int]) {
        guard fields.count == 4 else { return nil }
        self.init(resident: fields[0], anonymous: fields[1], file: fields[2], shared: fields[3])
    }
}

/// Reads a running child's `/proc/<pid>/status` every `interval` on its own thread and keeps the
/// sample with the largest resident set: what the peak was made of. The peak itself is still the
/// kernel's `ru_maxrss`, which no sample can miss; a sample only shows its split, at most one
/// interval away from it.
final class MemorySampler: @unchecked Sendable {
    private let path: String
    private let interval: TimeInterval
    private let lock = NSLock()
    private var largest: MemorySplit?
    /// Signalled by `stop()`: ends the wait between two samples at once.
    private let stopping = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(pid: pid_t, interval: TimeInterval = 0.05) {
        path = "/proc/\(pid)/status"
        self.interval = interval
    }

    func start() {
        let thread = Thread { [self] in
            repeat {
                if let text = try? String(contentsOfFile: path, encoding: .utf8), let sample = MemorySplit(status: text) {
                    lock.withLock {
                        if sample.resident > (largest?.resident ?? -1) { largest = sample }
                    }
                }
            } while stopping.wait(timeout: .now() + interval) == .timedOut
            finished.signal()
        }
        thread.start()
    }

    /// Stops sampling (call before the child is reaped, so its pid cannot name another process) and
    /// returns the largest sample. Returns as soon as a sample being read is done, without waiting out
    /// the interval.
    func stop() -> MemorySplit? {
        stopping.signal()
        finished.wait()
        return lock.withLock { largest }
    }
}
