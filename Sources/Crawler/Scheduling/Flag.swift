import Foundation

/// A boolean shared by worker threads that only ever goes from false to true.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var state: Bool

    init(_ initial: Bool) {
        state = initial
    }

    var value: Bool { lock.withLock { state } }

    func set() {
        lock.withLock { state = true }
    }
}
