import Foundation
import CLibGit2

/// A failed libgit2 call: its return code and the thread's last error, read right after the call.
struct LibraryFailure: Sendable {
    /// The negative return code.
    let code: Int32
    /// The libgit2 error class (`GIT_ERROR_*`), 0 when libgit2 left none.
    let errorClass: Int32
    /// libgit2's message, scrubbed of URL credentials.
    let message: String

    /// Captures `git_error_last()` for `code`; must run on the failing call's thread, before any other call.
    init(code: Int32, secrets: [String] = []) {
        self.code = code
        if let last = git_error_last(), let text = last.pointee.message {
            errorClass = last.pointee.klass
            message = URLRedaction.scrub(string(from: text), secrets: secrets)
        } else {
            errorClass = 0
            message = "no details from libgit2"
        }
    }

    /// Whether the code is the given libgit2 code.
    func has(_ errorCode: git_error_code) -> Bool { code == errorCode.rawValue }

    /// Whether the error class is the given libgit2 class.
    func isClass(_ errorClass: git_error_t) -> Bool { self.errorClass == Int32(errorClass.rawValue) }

    /// The catch-all error for an operation with no better interpretation (a held lock is named as such).
    func error(_ operation: String) -> GitError {
        if let lockFile { return .locked(lockFile: lockFile) }
        return .library(operation: operation, code: code, errorClass: errorClass, message: message)
    }

    /// The lock file a lock failure names, nil for other failures (and for a lock failure that names
    /// none). libgit2 returns `GIT_ELOCKED` with "failed to lock file '<x>.lock' for writing" (the lock
    /// file exists) or "failed to create locked file '<x>.lock'" (another writer created it first);
    /// the message counts too, so a lock failure whose code a caller replaced is still recognized.
    var lockFile: String? {
        let lowered = message.lowercased()
        guard has(GIT_ELOCKED) || lowered.contains("failed to lock file") || lowered.contains("failed to create locked file")
        else { return nil }
        let quoted = message.split(separator: "'", omittingEmptySubsequences: false)
        // Odd pieces are the quoted parts: "failed to lock file '<path>' for writing".
        return stride(from: 1, to: quoted.count - 1, by: 2).map { String(quoted[$0]) }.first { $0.hasSuffix(".lock") }
    }
}

/// Throws for a negative libgit2 return code, using `interpret` to pick a specific error.
@discardableResult
func check(
    _ code: Int32, _ operation: @autoclosure () -> String,
    interpret: (LibraryFailure) -> GitError? = { _ in nil }
) throws(GitError) -> Int32 {
    guard code < 0 else { return code }
    let failure = LibraryFailure(code: code)
    throw interpret(failure) ?? failure.error(operation())
}

/// Decodes a C string from libgit2 as UTF-8, repairing invalid bytes instead of failing.
func string(from cString: UnsafePointer<CChar>) -> String {
    let length = strlen(cString)
    return cString.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
}

/// Decodes an optional C string; nil stays nil.
func optionalString(from cString: UnsafePointer<CChar>?) -> String? {
    cString.map(string(from:))
}

/// Narrows a throwing call known to throw only `GitError`.
func catching<Value>(_ body: () throws -> Value) throws(GitError) -> Value {
    do { return try body() } catch let error as GitError { throw error } catch {
        throw GitError.library(operation: "git", code: -1, errorClass: 0, message: "\(error)")
    }
}
