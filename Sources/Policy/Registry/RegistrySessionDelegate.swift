import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Answers HTTP Basic challenges inside URLSession.
///
/// Foundation on Linux does not hand a `401` with `WWW-Authenticate: Basic` back to the caller: it
/// waits for a credential. So the configured credentials are offered once, and a challenge with none
/// configured (or after they failed) cancels the request and is remembered by request id, which
/// `RegistryClient` turns into an authentication error. Bearer challenges are not intercepted.
final class RegistrySessionDelegate: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    /// The header carrying each request's id, so a cancelled request can be recognized.
    static let requestIDHeader = "X-Census-Request"

    private let credentials: RegistryCredentials?
    private let lock = NSLock()
    private var refused: Set<String> = []

    init(credentials: RegistryCredentials?) {
        self.credentials = credentials
    }

    /// Whether the request with `id` was cancelled because its Basic challenge could not be answered.
    func wasRefused(_ id: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return refused.remove(id) != nil
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        guard challenge.protectionSpace.authenticationMethod == NSURLAuthenticationMethodHTTPBasic else {
            completionHandler(.performDefaultHandling, nil)
            return
        }
        if let credentials, challenge.previousFailureCount == 0 {
            completionHandler(.useCredential, URLCredential(user: credentials.username, password: credentials.password,
                                                            persistence: .none))
            return
        }
        if let id = task.originalRequest?.value(forHTTPHeaderField: Self.requestIDHeader) {
            lock.lock()
            refused.insert(id)
            lock.unlock()
        }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}
