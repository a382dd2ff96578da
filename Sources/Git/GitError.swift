/// Everything that can go wrong in the Git module, with the context a user needs to act.
///
/// URLs in associated values are already redacted and messages are scrubbed of credentials.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No repository at the path (missing folder, or a folder that is not a git repository).
    case repositoryNotFound(path: String)
    /// The repository exists but cannot be read (damaged files, missing objects folder, bad HEAD).
    case corrupt(path: String, message: String)
    /// A revision, reference or object does not exist; `what` names it ("revision 'v9'", "object 1a2b3c4").
    case notFound(what: String)
    /// An object exists but is of another kind than the operation needs.
    case wrongObjectKind(what: String, expected: String, actual: String)
    /// A branch or reference name git does not accept.
    case invalidReferenceName(String)
    /// A file path given to `commit` that cannot be stored in a tree.
    case invalidPath(path: String, reason: String)
    /// The remote refused the credentials, or asked for credentials and none were configured.
    case authenticationFailed(url: String)
    /// The remote refused the user name and password written in its URL (no token replaces them).
    case urlCredentialsRefused(url: String)
    /// The remote asked for credentials after an allowed redirect to another host, where no token goes.
    case authenticationFailedAfterRedirect(url: String, to: String)
    /// The remote redirected to another host that `CENSUS_GIT_ALLOW_REDIRECT_HOSTS` does not name.
    case redirectRefused(url: String, from: String, to: String)
    /// A credentials environment variable cannot be used as written.
    case credentialsMisconfigured(variable: String, problem: String)
    /// The remote could not be reached or broke off the conversation.
    case network(url: String, message: String)
    /// The remote address does not name a reachable repository (bad path, unknown scheme, 404).
    case remoteNotFound(url: String, message: String)
    /// The remote did not finish within the allowed time.
    case timeout(url: String, seconds: Int)
    /// A file git must rewrite is locked: another git process is writing it, or an interrupted one
    /// left the lock file (`<file>.lock`) behind.
    case locked(lockFile: String)
    /// A repository on this machine that census reads from (a local path in repos.txt) lacks objects
    /// its branches reach; `missing` names what was looked for.
    case incompleteRepository(path: String, missing: String, because: Incompleteness?)
    /// Any other libgit2 failure, with libgit2's error code, error class and message.
    case library(operation: String, code: Int32, errorClass: Int32, message: String)

    /// Why a repository lacks objects, when git knows (`Repository.incompleteness`).
    public enum Incompleteness: Sendable, Equatable {
        /// A shallow clone: its history stops before the first commits.
        case shallow
        /// A partial clone: some objects were filtered out when it was fetched.
        case partial
    }

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .repositoryNotFound(let path):
            return "no git repository at '\(path)'"
        case .corrupt(let path, let message):
            return "git repository at '\(path)' is damaged (\(message)); delete it so it is cloned again"
        case .notFound(let what):
            return "\(what) does not exist in the repository"
        case .wrongObjectKind(let what, let expected, let actual):
            return "\(what) is a \(actual), expected a \(expected)"
        case .invalidReferenceName(let name):
            return "'\(name)' is not a valid git branch or reference name"
        case .invalidPath(let path, let reason):
            return "cannot store file '\(path)' in a git tree: \(reason)"
        case .authenticationFailed(let url):
            guard let endpoint = RemoteEndpoint(url: url), endpoint.scheme == "https" || endpoint.scheme == "http" else {
                return "authentication failed for \(url): check that your SSH agent holds a key that can read it"
            }
            let port = endpoint.port == RemoteEndpoint.defaultPort(of: endpoint.scheme) ? nil : endpoint.port
            let host = port.map { "\(endpoint.host):\($0)" } ?? endpoint.host
            return "authentication failed for \(url): set \(Credentials.perHostVariable(host: endpoint.host, port: port)) "
                + "(or \(Credentials.tokenVariable) with \(host) in \(Credentials.tokenHostsVariable)) to a token that can read it"
        case .urlCredentialsRefused(let url):
            return "authentication failed for \(url): the remote refused the user name and password written in the URL; "
                + "fix them in repos.txt, or remove them and give a token for the host (census never sends a token to a URL "
                + "that carries its own credentials)"
        case .authenticationFailedAfterRedirect(let url, let host):
            return "authentication failed for \(url): it redirected to \(host), where census sends no token; "
                + "write the repository's address at \(host) in repos.txt and give a token for \(host)"
        case .redirectRefused(let url, let from, let to):
            return "\(url) redirected from \(from) to \(to), another host, and census did not follow: "
                + "write the repository's new address in repos.txt, or add \(to) to \(Credentials.redirectHostsVariable) "
                + "to follow the redirect (no token is ever sent to \(to) that way)"
        case .credentialsMisconfigured(let variable, let problem):
            return "\(variable): \(problem)"
        case .network(let url, let message):
            return "network error talking to \(url): \(message)"
        case .remoteNotFound(let url, let message):
            return "no git repository at \(url) (\(message)): check the URL or path in repos.txt"
        case .timeout(let url, let seconds):
            return "\(url) did not answer within \(seconds) s; it is skipped this run"
        case .locked(let lockFile):
            return "lock file '\(lockFile)' exists: another git process is updating the repository, or an interrupted "
                + "one left it behind; delete it if no git process is running"
        case .incompleteRepository(let path, let missing, let because):
            switch because {
            case .shallow:
                return "the git repository at \(path) is a shallow clone (its history stops early; \(missing) is not in "
                    + "it): run `git -C \(path) fetch --unshallow`, or read the repository it was cloned from instead"
            case .partial:
                return "the git repository at \(path) is a partial clone (git clone --filter fetched only some objects; "
                    + "\(missing) is not in it): clone it again without --filter, or read the repository it was "
                    + "cloned from instead"
            case nil:
                return "the git repository at \(path) is damaged: \(missing) is missing. Run `git -C \(path) fsck` "
                    + "to see what is lost, then fetch it again or clone it anew"
            }
        case .library(let operation, let code, let errorClass, let message):
            return "git \(operation) failed: \(message) (libgit2 error \(code), class \(errorClass))"
        }
    }
}
