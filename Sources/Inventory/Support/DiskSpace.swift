import Foundation

/// The free space of the file system holding a file, to tell a full disk from other storage errors.
struct DiskSpace {
    /// The folder the file is in.
    var folder: String
    /// Bytes an unprivileged writer may still use.
    var availableBytes: UInt64

    /// Below this, an I/O error on the database is taken to be the full disk (SQLite reports some
    /// write failures on a full disk as I/O errors, e.g. when it cannot grow the shared-memory file).
    static let nearlyFullBytes: UInt64 = 1 << 20

    /// The space of the file system holding `path`; nil when it cannot be read.
    init?(folderOf path: String) {
        var folder = (path as NSString).deletingLastPathComponent
        if folder.isEmpty { folder = "." }
        var stats = statvfs()
        guard statvfs(folder, &stats) == 0 else { return nil }
        self.folder = folder
        self.availableBytes = UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
    }

    /// Whether the file system is all but full.
    var isNearlyFull: Bool { availableBytes < Self.nearlyFullBytes }

    /// "12 KiB".
    var availableDescription: String {
        availableBytes < 1 << 20 ? "\(availableBytes / 1024) KiB" : "\(availableBytes >> 20) MiB"
    }
}
