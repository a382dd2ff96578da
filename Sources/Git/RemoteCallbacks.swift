import CLibGit2
import Foundation

/// State of one remote operation, reached from libgit2's C callbacks through their payload pointer.
///
/// It hands out credentials at most once (libgit2 asks again after every HTTP 401, which would
/// otherwise loop) and makes the transfer callbacks fail once the deadline has passed. Lives on the
/// operation's thread only.
///
/// Which token goes where (`Credentials.token(for:)`): only the token given for the host of the URL
/// being authenticated, never to a URL that carries its own credentials (libgit2 presents those
/// first and asks us only after the remote refused them), and never across a redirect to another
/// host. libgit2 1.5.1 as released passes the callback the URL it was given, not the one a redirect
/// led to (Debian's update of it, the fix for CVE-2026-53586, passes the new one), so the callback
/// cannot rely on seeing a redirect: `redirects` decides instead. With `.sameHostOnly` libgit2
/// refuses every redirect to another host, so whoever asks for credentials is the configured host;
/// with `.followedWithoutToken` (an allowed redirect) no token is offered at all. The URL the callback
/// receives is still checked against the configured host, and its own port decides the token.
final class RemoteCallbacks {
    /// How an operation treats redirects to another host.
    enum Redirects: Equatable {
        /// libgit2 refuses redirects to another host (`GIT_REMOTE_REDIRECT_NONE`).
        case sameHostOnly
        /// libgit2 follows a redirect of the first request to `host` or anywhere
        /// (`GIT_REMOTE_REDIRECT_INITIAL`), and no token is offered.
        case followedWithoutToken(host: String)

        /// The libgit2 setting.
        var libgit2Value: git_remote_redirect_t {
            self == .sameHostOnly ? GIT_REMOTE_REDIRECT_NONE : GIT_REMOTE_REDIRECT_INITIAL
        }
    }

    let url: String
    let credentials: Credentials
    let deadline: DispatchTime
    let redirects: Redirects
    /// The allowed duration in whole seconds, for messages.
    let timeoutSeconds: Int
    private let endpoint: RemoteEndpoint?
    /// Where the callbacks note that data arrives, for the caller waiting on this operation.
    private let activity: RemoteActivity?

    /// The credential callback was called again after credentials were already offered.
    private(set) var credentialsRejected = false
    /// The remote asked for credentials that could not be offered (no token, or not HTTPS).
    private(set) var credentialsMissing = false
    /// The remote refused the user name and password written in the URL.
    private(set) var urlCredentialsRefused = false
    /// A callback stopped the operation because the deadline passed.
    private(set) var deadlinePassed = false
    /// Credentials were handed to libgit2 (a token, or the SSH agent's keys).
    private(set) var credentialsOffered = false
    /// The bytes the remote printed on its progress channel (hook output during a push), at most
    /// `remoteTextLimit` of them, the first ones kept.
    private var remoteBytes: [UInt8] = []
    /// How much of the remote's progress text is kept for messages.
    static let remoteTextLimit = 16 * 1024
    /// The one update a push may ask the remote for; the negotiation callback stops any other.
    var expectedPushUpdate: PushUpdate?
    /// The push was stopped because it would have sent another update than `expectedPushUpdate`.
    private(set) var unexpectedPushUpdate: String?
    /// The references the remote refused to update during a push, with the reason it gave.
    private(set) var rejectedReferences: [String: String] = [:]

    /// State for one operation on `url`; `startedAt` lets a retry keep the first attempt's deadline.
    /// Every transfer callback is noted in `activity`.
    init(url: String, credentials: Credentials, timeout: Duration, startedAt: DispatchTime = .now(),
         redirects: Redirects = .sameHostOnly, activity: RemoteActivity? = nil) {
        self.activity = activity
        self.url = url
        self.credentials = credentials
        self.redirects = redirects
        deadline = startedAt + Remote.dispatchInterval(timeout)
        timeoutSeconds = Int(timeout.components.seconds)
        endpoint = RemoteEndpoint(url: url)
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
        callbacks.sideband_progress = { text, length, payload in
            guard let payload else { return 0 }
            let state = Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
            state.noteRemoteText(text, length: Int(length))
            return state.continueIfInTime()
        }
        callbacks.update_tips = { _, _, _, payload in
            guard let payload else { return 0 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().continueIfInTime()
        }
    }

    /// Adds the push callbacks to a table `install` filled: progress counts against the deadline,
    /// the negotiation lets only `expectedPushUpdate` through, and refused references are noted.
    func installPush(into callbacks: inout git_remote_callbacks) {
        install(into: &callbacks)
        callbacks.push_transfer_progress = { _, _, _, payload in
            guard let payload else { return 0 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().continueIfInTime()
        }
        callbacks.pack_progress = { _, _, _, payload in
            guard let payload else { return 0 }
            return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue().continueIfInTime()
        }
        callbacks.push_negotiation = { updates, count, payload in
            guard let payload else { return GIT_EUSER.rawValue }
            let state = Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
            var seen: [PushUpdate] = []
            for index in 0..<count {
                guard let update = updates?[index]?.pointee else { continue }
                let reference = optionalString(from: update.dst_refname) ?? ""
                let old = ObjectID(update.src)
                seen.append(PushUpdate(reference: reference, old: old.isZero ? nil : old, new: ObjectID(update.dst)))
            }
            return state.allowPush(seen)
        }
        callbacks.push_update_reference = { reference, status, payload in
            guard let payload, let reference else { return 0 }
            let state = Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
            if let status { state.rejectedReferences[string(from: reference)] = string(from: status) }
            return 0
        }
    }

    /// 0 when `updates` is exactly the expected update; otherwise a user error that stops the push
    /// before anything is sent.
    func allowPush(_ updates: [PushUpdate]) -> Int32 {
        if let expected = expectedPushUpdate, updates == [expected] { return 0 }
        unexpectedPushUpdate = updates.map(\.description).joined(separator: ", ")
        return GIT_EUSER.rawValue
    }

    /// Keeps the first `remoteTextLimit` bytes the remote printed.
    func noteRemoteText(_ text: UnsafePointer<CChar>?, length: Int) {
        guard let text, length > 0, remoteBytes.count < Self.remoteTextLimit else { return }
        let kept = min(length, Self.remoteTextLimit - remoteBytes.count)
        text.withMemoryRebound(to: UInt8.self, capacity: kept) {
            remoteBytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: kept))
        }
    }

    /// What the remote printed, as lines a user can read: progress rewrites (`\r`) split into
    /// lines, other control characters dropped, blank lines removed, URLs and tokens scrubbed.
    var remoteMessage: String {
        let text = String(decoding: remoteBytes, as: UTF8.self)
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map { line in
            String(line.unicodeScalars.filter { $0 == "\t" || !($0.properties.generalCategory == .control) }.map(Character.init))
                .trimmingCharacters(in: .whitespaces)
        }
        let kept = lines.filter { !$0.isEmpty }.joined(separator: "\n")
        return URLRedaction.scrub(kept, secrets: credentials.secrets)
    }

    /// 0 while within the deadline; afterwards a user error that makes libgit2 stop.
    func continueIfInTime() -> Int32 {
        activity?.record()
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
        let overHTTP = endpoint?.scheme == "https" || endpoint?.scheme == "http"
        if overHTTP, allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            if endpoint?.hasUserinfo == true || usernameFromURL != nil
                || requestURL.flatMap(RemoteEndpoint.init(url:))?.hasUserinfo == true {
                // libgit2 already sent the URL's own credentials and the remote refused them.
                urlCredentialsRefused = true
                return GIT_EUSER.rawValue
            }
            if redirects == .sameHostOnly, let requestURL,
               let requested = RemoteEndpoint(url: requestURL), requested.host == endpoint?.host,
               let token = credentials.token(for: requestURL) {
                credentialsOffered = true
                return git_credential_userpass_plaintext_new(out, credentials.username, token.token)
            }
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
        if urlCredentialsRefused {
            return .urlCredentialsRefused(url: shown)
        }
        if credentialsRejected || credentialsMissing || failure.has(GIT_EAUTH) {
            if case .followedWithoutToken(let host) = redirects { return .authenticationFailedAfterRedirect(url: shown, to: host) }
            return .authenticationFailed(url: shown)
        }
        if let (from, to) = Self.refusedRedirect(in: message), from.lowercased() == endpoint?.host {
            return .redirectRefused(url: shown, from: from.lowercased(), to: to.lowercased())
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

    /// The two hosts of libgit2's "cannot redirect from 'A' to 'B'" (net.c, `git_net_url_apply_redirect`);
    /// libgit2 writes the same sentence for a refused change of scheme, which the caller tells apart
    /// by comparing `A` with the configured host.
    static func refusedRedirect(in message: String) -> (from: String, to: String)? {
        let prefix = "cannot redirect from '"
        guard let start = message.range(of: prefix),
              let middle = message[start.upperBound...].range(of: "' to '") else { return nil }
        let from = message[start.upperBound..<middle.lowerBound]
        let rest = message[middle.upperBound...]
        guard let end = rest.firstIndex(of: "'"), !from.isEmpty, end > rest.startIndex else { return nil }
        return (String(from), String(rest[..<end]))
    }
}
