import CLibGit2

/// Owns one libgit2 object and frees it exactly once, when the handle is released.
///
/// Use `withPointer` to reach the pointer: it keeps the handle alive for the whole closure, so
/// memory borrowed from the object (tree entries, names) stays valid while it is read.
final class GitHandle {
    private let pointer: OpaquePointer
    private let release: (OpaquePointer) -> Void

    /// Takes ownership of `pointer`; `release` is the matching `git_*_free`.
    init(_ pointer: OpaquePointer, release: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.release = release
    }

    /// Creates an object through a libgit2 out-parameter call and takes ownership of it.
    convenience init(
        _ operation: @autoclosure () -> String,
        release: @escaping (OpaquePointer) -> Void,
        interpret: (LibraryFailure) -> GitError? = { _ in nil },
        create: (inout OpaquePointer?) -> Int32
    ) throws(GitError) {
        var out: OpaquePointer?
        let code = create(&out)
        try check(code, operation(), interpret: interpret)
        guard let out else {
            throw GitError.library(operation: operation(), code: code, errorClass: 0,
                                   message: "libgit2 returned no object")
        }
        self.init(out, release: release)
    }

    deinit { release(pointer) }

    /// Runs `body` with the raw pointer while the handle is guaranteed alive.
    @discardableResult
    func withPointer<Result, Failure: Error>(
        _ body: (OpaquePointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        defer { withExtendedLifetime(self) {} }
        return try body(pointer)
    }
}
