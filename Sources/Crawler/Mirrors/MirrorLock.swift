import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on one mirror, shared by every process and thread using the same cache.
///
/// It is an advisory `flock(2)` lock on a small file next to the mirror folder (`<folder>.lock`), so
/// the operating system releases it when its holder exits or is killed: a crashed crawl never leaves
/// a mirror locked. The holder writes its pid, host and the time it took the lock into the file, so
/// that a process kept waiting can say who holds it. The lock file itself is never deleted: removing
/// it while another process waits on it would let a third one lock a new file of the same name.
/// The lock is released when this object is deallocated (or `release()` is called).
public final class MirrorLock: @unchecked Sendable {
    /// The lock file.
    public let path: String
    private let state = NSLock()
    private var descriptor: Int32?

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Releases the lock now (closing the file releases the `flock`); later calls do nothing.
    public func release() {
        state.withLock {
            if let descriptor { close(descriptor) }
            descriptor = nil
        }
    }

    /// Who holds a lock, as its holder wrote it into the lock file.
    struct Holder: Sendable, Equatable, CustomStringConvertible {
        /// The holder's process id, nil when unknown.
        var pid: String?
        /// The holder's host name, nil when unknown.
        var host: String?
        /// When the holder took the lock (ISO 8601), nil when unknown.
        var since: String?

        /// "process 4242 on host build-7 (holding it since 2026-12-05T03:01:14Z)", or a plain
        /// "another process" when the file said nothing (its holder was still writing it).
        var description: String {
            guard pid != nil || host != nil else { return "another process" }
            var text = "process \(pid ?? "?") on host \(host ?? "?")"
            if let since { text += " (holding it since \(since))" }
            return text
        }

        /// Reads `pid=… host=… since=…` from the first line of the lock file's content (a longer note
        /// of an earlier holder may follow it until the file is cut to the new note's length).
        init(parsing text: String) {
            let firstLine = text.prefix { $0 != "\n" }
            for field in firstLine.split(whereSeparator: \.isWhitespace) {
                let parts = field.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let value = String(parts[1].prefix(256))
                switch parts[0] {
                case "pid": pid = value
                case "host": host = value
                case "since": since = value
                default: continue
                }
            }
        }
    }

    /// Takes the lock at `path` (creating the file), trying again while another holder has it and
    /// giving up after `wait` with `CrawlerError.mirrorBusy` naming that holder. `mirror` names the
    /// mirror folder in messages.
    static func acquire(at path: String, mirror: String, wait: Duration) throws -> MirrorLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CrawlerError.mirrorLockFailed(path: path, message: String(cString: strerror(errno)))
        }
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        // flock(2) cannot wait with a time limit, so poll: from 1 ms (a lock held only while a mirror
        // is opened is soon free) up to 50 ms (a whole repository being crawled), cheap either way.
        var pause: Duration = .milliseconds(1)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            if failure == EINTR { continue }
            guard failure == EWOULDBLOCK || failure == EAGAIN else {
                close(descriptor)
                throw CrawlerError.mirrorLockFailed(path: path, message: String(cString: strerror(failure)))
            }
            guard clock.now < deadline else {
                let holder = Holder(parsing: readHolder(descriptor))
                close(descriptor)
                throw CrawlerError.mirrorBusy(mirror: mirror, holder: holder.description,
                                              waitedSeconds: Int(wait.components.seconds))
            }
            let nap = min(pause, deadline - clock.now).components
            Thread.sleep(forTimeInterval: Double(nap.seconds) + Double(nap.attoseconds) / 1e18)
            pause = min(pause * 2, .milliseconds(50))
        }
        writeHolder(descriptor)
        return MirrorLock(path: path, descriptor: descriptor)
    }

    /// Replaces the file's content with this process's pid, host and the current time. Best effort:
    /// the lock holds whether or not the note could be written.
    ///
    /// The note is written over the old one and the file then cut to its length, never emptied first:
    /// on ext4 a file truncated to nothing is flushed to disk when it is closed, and the next holder's
    /// truncation waited for that write (a few milliseconds for each mirror of a crawl).
    private static func writeHolder(_ descriptor: Int32) {
        let since = Date().formatted(.iso8601)
        let line = "pid=\(getpid()) host=\(hostName()) since=\(since)\n"
        let length = line.utf8.count
        let written = line.utf8CString.withUnsafeBufferPointer { buffer in
            pwrite(descriptor, buffer.baseAddress, length, 0)
        }
        var status = stat()
        if written == length, fstat(descriptor, &status) == 0, status.st_size > off_t(length) {
            _ = ftruncate(descriptor, off_t(length))
        }
    }

    /// The first bytes of the lock file (its holder's note), read without moving the file offset.
    private static func readHolder(_ descriptor: Int32) -> String {
        var bytes = [UInt8](repeating: 0, count: 512)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return String(decoding: bytes.prefix(max(0, count)), as: UTF8.self)
    }

    /// This machine's host name, without spaces (they would split the note's fields).
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cleaned = name.filter { !$0.isWhitespace && $0 != "=" }
        return cleaned.isEmpty ? "unknown" : cleaned
    }
}
