import CLibGit2

/// Process-wide libgit2 setup: initialization and global limits, applied exactly once.
///
/// Limits chosen for a crawler that opens many mirrors in one process:
/// - at most 64 pack files memory-mapped at once (libgit2's default is unlimited, which can exhaust
///   file descriptors across hundreds of mirrors);
/// - pack files mapped in windows of 32 MiB (default 1 GiB on 64-bit), at most 128 MiB of them at once
///   (default 8 GiB): a mapped page a scan has read stays resident while its window is mapped, so these
///   two bound the pack pages a crawl keeps resident, whatever the size of the repositories (on a real
///   fleet of 13 local repositories the file-backed part of the peak fell from 190 MB to 70 MB,
///   docs/performance.md); an unmapped window's pages stay in the page cache, so mapping it again is cheap;
/// - at most 256 MiB of decompressed objects cached across all repositories;
/// - libgit2's strict hash verification is off: it re-hashed every object read, about 5% of a cold
///   crawl's CPU. A damaged packed object fails its read without it (zlib checks each one's Adler-32),
///   and loose objects, which libgit2 1.5 inflates without that check, are re-hashed by the backend
///   every handle reads them through (`LooseObjectVerification`), so a corrupt repository still
///   fails loudly instead of yielding wrong file contents (RepositoryDamageTests).
///
/// libgit2 1.5.1 has no `GIT_OPT_SET_SERVER_CONNECT_TIMEOUT` / `GIT_OPT_SET_SERVER_TIMEOUT` (they
/// arrived in 1.7), so network time limits are enforced per operation instead: see
/// `Repository.listRemote(url:credentials:timeout:)`.
public enum GitLibrary {
    /// Maximum number of pack files kept mapped at once.
    public static let mappedPackFileLimit = 64
    /// Size of one mapped window of a pack file.
    public static let mappedWindowBytes = 32 << 20
    /// Maximum bytes of pack data mapped at once.
    public static let mappedPackBytesLimit = 128 << 20
    /// Maximum bytes of decompressed objects cached across all repositories.
    public static let objectCacheBytesLimit = 256 << 20
    /// User-Agent sent on HTTP(S) requests.
    public static let userAgent = "census (libgit2 \(LIBGIT2_VERSION))"

    /// Initializes libgit2 and applies the global options; idempotent and thread-safe.
    public static func initialize() {
        _ = initialization
    }

    /// The libgit2 version this module runs against, such as "1.5.1".
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }

    /// The mapped pack file limit libgit2 currently applies (to verify initialization).
    public static var currentMappedPackFileLimit: Int {
        initialize()
        var limit = 0
        _ = census_git_get_mwindow_file_limit(&limit)
        return limit
    }

    /// The mapped window size and the mapped bytes limit libgit2 currently applies (to verify initialization).
    public static var currentMappedWindow: (windowBytes: Int, limitBytes: Int) {
        initialize()
        var window = 0, limit = 0
        _ = census_git_get_mwindow_size(&window)
        _ = census_git_get_mwindow_mapped_limit(&limit)
        return (window, limit)
    }

    // A global `let` is initialized lazily and exactly once, guarded by the runtime (swift_once).
    private static let initialization: Void = {
        git_libgit2_init()
        // Option failures are not fatal: libgit2 keeps working with its defaults.
        _ = census_git_set_mwindow_file_limit(mappedPackFileLimit)
        _ = census_git_set_mwindow_size(mappedWindowBytes)
        _ = census_git_set_mwindow_mapped_limit(mappedPackBytesLimit)
        _ = census_git_set_cache_max_size(objectCacheBytesLimit)
        _ = census_git_enable_strict_hash_verification(0)
        _ = census_git_set_user_agent(userAgent)
    }()
}
