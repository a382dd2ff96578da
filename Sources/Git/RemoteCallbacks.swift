import CLibGit2
import Foundation

/// State of one remote operation, reached from libgit2's C callbacks through their payload pointer.
///
/// It hands out credentials at most once (libgit2 asks again after every HTTP 401, which would
/// otherwise loop), sends a token only over HTTPS to the host of the configured URL (plain HTTP only
/// to a loopback host, whose traffic never leaves the machine: local test servers), and makes the
/// transfer callbacks fail once the deadline has passed. Lives on the operation's thread only.
final class RemoteCallbacks {
    let url: String
    let credentials: Credentials
    let deadline: DispatchTime
    /// The allowed duration in whole seconds, for messages.
    let timeoutSeconds: Int
    private let host: String?

    /// The credential callback was called again after credentials were already offered.
    private(set) var credentialsRejected = false
    /// The remote asked for credentials that could not be offered (no token, or not HTTPS).
    private(set) var credentialsMissing = false
    /// A callback stopped the operation because the deadline passed.
    private(set) var deadlinePassed = false
    private var credentialsOffered = false

    init(url: String, credentials: Credentials, timeout: Duration) {
        self.url = url
        self.credentials = credentials
        deadline = .now() + Remote.dispatchInterval(timeout)
        timeoutSeconds = Int(timeout.components.seconds)
        host = Self.host(of: url)
    }

    /// Fills libgit2's callback table with this object as payload; `self` must outlive the operation.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, url, usernameFromURL, allowedTypes, payload in
            guard let out, let payload else { return GIT_PASSTHROUGH.rawValue }
            let state = Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
            return state.acquire(out, url: optionalString(from: url),
                                 usernameFromURL: optionalString(from: usernameFromURL), allowedTypes: allowedTypes)
        }
        callbacks.transfer_progress = { _, payload in
            guard let payload else { return 0 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().continueIfInTime()
        }
        callbacks.sideband_progress = { _, _, payload in
            guard let payload else { return 0 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().continueIfInTime()
        }
        callbacks.update_tips = { _, _, _, payload in
            guard let payload else { return 0 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().continueIfInTime()
        }
    }

    /// 0 while within the deadline; afterwards a user error that makes libgit2 stop.
    func continueIfInTime() -> Int32 {
        guard DispatchTime.now() < deadline else {
            deadlinePassed = true
            return GIT_EUSER.rawValue
        }
        return 0
    }

    func acquire(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>,
        url requestURL: String?, usernameFromURL: String?, allowedTypes: UInt32
    ) -> Int32 {
        if credentialsOffered {
            // Asked again within one operation: the remote rejected what we sent.
            credentialsRejected = true
            return GIT_EUSER.rawValue
        }
        if allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0,
           let token = credentials.token,
           let requestURL, Self.mayCarryToken(requestURL),
           Self.host(of: requestURL) == host {
            credentialsOffered = true
            return git_credential_userpass_plaintext_new(out, credentials.username, token)
        }
        if allowedTypes & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            credentialsOffered = true
            return git_credential_ssh_key_from_agent(out, usernameFromURL ?? "git")
        }
        credentialsMissing = true
        return GIT_PASSTHROUGH.rawValue
    }

    /// Turns a failed remote call into the most useful error, using what the callbacks saw.
    func error(for failure: LibraryFailure, operation: String) -> GitError {
        let shown = URLRedaction.redact(url)
        let message = URLRedaction.scrub(failure.message, secrets: credentials.secrets)
        if deadlinePassed {
            return .timeout(url: shown, seconds: timeoutSeconds)
        }
        if credentialsRejected || credentialsMissing || failure.has(GIT_EAUTH) {
            return .authenticationFailed(url: shown)
        }
        // Updating the local branches can fail on a lock file: that is the mirror's state, not the network.
        if let lockFile = failure.lockFile { return .locked(lockFile: lockFile) }
        let lowered = message.lowercased()
        if failure.has(GIT_ENOTFOUND) || lowered.contains("unsupported url protocol")
            || lowered.contains("unknown scheme")
            || lowered.contains("failed to resolve path") || lowered.contains("could not find repository")
            || lowered.contains("status code: 404") || lowered.contains("not a git repository")
            || lowered.contains("malformed url") || lowered.contains("invalid url") {
            return .remoteNotFound(url: shown, message: message)
        }
        if failure.isClass(GIT_ERROR_NET) || failure.isClass(GIT_ERROR_HTTP) || failure.isClass(GIT_ERROR_SSL)
            || failure.isClass(GIT_ERROR_SSH) || failure.isClass(GIT_ERROR_OS) || failure.has(GIT_ECERTIFICATE)
            || failure.has(GIT_EEOF) {
            return .network(url: shown, message: message)
        }
        return .library(operation: operation, code: failure.code, errorClass: failure.errorClass, message: message)
    }

    /// Whether a token may be sent to `url`: HTTPS anywhere, plain HTTP only to a loopback host.
    static func mayCarryToken(_ url: String) -> Bool {
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") { return true }
        guard lowered.hasPrefix("http://"), let host = host(of: lowered) else { return false }
        if host == "localhost" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The lowercased host of a `scheme://` URL, without userinfo or port; nil for paths.
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return authority[...close].lowercased()
        }
        return (authority.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? "").lowercased()
    }
}
