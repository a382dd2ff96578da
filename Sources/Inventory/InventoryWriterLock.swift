import Foundation

/// Keeps a second census process from writing the same inventory while a crawl (or a catalog sync)
/// writes it: two crawls on one database would race on its schema, and the second would mark the
/// first one's live run `interrupted`.
///
/// The lock is `flock(2)` on `<database>-lock`, a small file beside the database holding who has it
/// (pid, host, command and start time) so that a refused process can say who to wait for. The kernel
/// releases it when the holder exits however it ends, so a run found `running` while the lock is free
/// was left by a process that is gone. The file itself is left in place: deleting it could let a
/// waiting process lock a file nobody else sees.
///
/// While held, the file also keeps `reserveBytes` of disk allocated: a crawl that fills the disk
/// releases them (`releaseReserve`) to write the last rows that end its run honestly instead of
/// leaving it `running`.
public final class InventoryWriterLock: @unchecked Sendable {
    /// Disk space the lock file holds back for ending a run on a full disk.
    public static let reserveBytes = 1 << 20
    /// Where the reserve starts: the holder's text fits before it.
    static let holderBytes = 4096

    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Who holds a lock, as written into the lock file.
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        /// The holder's process id.
        public var pid: Int32
        /// The machine it runs on.
        public var host: String
        /// The census command it runs.
        public var command: String
        /// When it took the lock, ISO 8601 in UTC.
        public var since: String

        /// "pid 123 on build-7 (census crawl, since 2026-12-05T03:00:00Z)".
        public var description: String { "pid \(pid) on \(host) (census \(command), since \(since))" }

        var fileText: String { "pid=\(pid)\nhost=\(host)\ncommand=\(command)\nsince=\(since)\n" }

        init?(fileText: String) {
            var fields: [String: String] = [:]
            for line in fileText.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            guard let pid = fields["pid"].flatMap({ Int32($0) }) else { return nil }
            self.init(pid: pid, host: fields["host"] ?? "?", command: fields["command"] ?? "?",
                      since: fields["since"] ?? "?")
        }

        init(pid: Int32, host: String, command: String, since: String) {
            self.pid = pid
            self.host = host
            self.command = command
            self.since = since
        }
    }

    /// The lock file of the database at `databasePath`.
    public static func lockPath(forDatabase databasePath: String) -> String { databasePath + "-lock" }

    /// Takes the lock of the database at `databasePath` for `command`. When another process holds it,
    /// fails at once naming the holder, or with `wait` blocks until it is free (calling `waiting`
    /// once with the holder first).
    public static func acquire(databasePath: String, command: String, wait: Bool = false,
                               waiting: (Holder?) -> Void = { _ in }) throws -> InventoryWriterLock {
        let path = lockPath(forDatabase: databasePath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let folder = (databasePath as NSString).deletingLastPathComponent
            if errno == ENOENT, !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                throw InventoryError.cannotOpen(path: databasePath, reason: "folder \(folder) does not exist")
            }
            throw InventoryError.cannotOpen(path: databasePath, reason: "cannot create its lock file \(path): "
                                            + String(cString: strerror(errno)).lowercased())
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            guard busy else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw InventoryError.cannotOpen(path: databasePath, reason: "cannot lock \(path): \(reason)")
            }
            let holder = readHolder(descriptor)
            guard wait else {
                close(descriptor)
                throw InventoryError.locked(path: databasePath, holder: holder?.description)
            }
            waiting(holder)
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let reason = String(cString: strerror(errno))
                    close(descriptor)
                    throw InventoryError.cannotOpen(path: databasePath, reason: "cannot lock \(path): \(reason)")
                }
            }
        }
        let lock = InventoryWriterLock(path: path, descriptor: descriptor)
        lock.writeHolder(Holder(pid: getpid(), host: ProcessInfo.processInfo.hostName, command: command,
                                since: ISO8601DateFormatter().string(from: Date())))
        // Without the reserve a crawl that fills the disk could not end its run: a disk too full for it
        // refuses the command before anything is written. A file system that cannot allocate ahead
        // (another error) goes without; a lock file that holds the reserve already needs no new space.
        let reserved = posix_fallocate(descriptor, off_t(holderBytes), off_t(reserveBytes))
        if reserved == ENOSPC || reserved == EDQUOT {
            let space = DiskSpace(folderOf: databasePath)
            let folder = space?.folder ?? (databasePath as NSString).deletingLastPathComponent
            let free = space.map { " (\($0.availableDescription) free)" } ?? ""
            throw InventoryError.cannotOpen(
                path: databasePath,
                reason: "the disk holding \(folder) is full\(free): census keeps \(reserveBytes >> 20) MiB there to end "
                    + "a run on a full disk; free space there and run the command again")
        }
        return lock
    }

    /// Frees the reserved disk space; returns whether there was any to free.
    public func releaseReserve() -> Bool {
        var stats = stat()
        guard fstat(descriptor, &stats) == 0, stats.st_size > off_t(Self.holderBytes) else { return false }
        return ftruncate(descriptor, off_t(Self.holderBytes)) == 0
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        // Closing the last descriptor of the open file releases the flock.
        close(descriptor)
    }

    private static func readHolder(_ descriptor: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Holder(fileText: String(decoding: buffer[..<count], as: UTF8.self))
    }

    private func writeHolder(_ holder: Holder) {
        // Best effort: the holder's identity only improves another process's message.
        let bytes = Array(holder.fileText.utf8.prefix(Self.holderBytes))
        _ = ftruncate(descriptor, 0)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }
}
