import Dispatch
import Foundation

/// When a remote operation's worker thread last heard from libgit2 (a transfer or progress
/// callback): shared between the worker and the caller waiting for it, so that the caller knows
/// whether the worker can still stop itself at the deadline.
final class RemoteActivity: @unchecked Sendable {
    private let lock = NSLock()
    private var last: DispatchTime?

    /// Notes a callback now.
    func record() {
        lock.withLock { last = .now() }
    }

    /// Whether a callback came within `interval` before `now`: data is still arriving, and the next
    /// callback will see the deadline and end the operation itself.
    func isReceiving(at now: DispatchTime = .now(), within interval: Duration) -> Bool {
        guard let last = lock.withLock({ last }) else { return false }
        return last + Remote.dispatchInterval(interval) >= now
    }
}
