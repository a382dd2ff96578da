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
    /// The commit to push does not build on the scanned tip of the branch it changes: pushing it
    /// would not be a fast-forward of what was scanned.
    case pushNotFastForward(reference: String, baseBranch: String, baseTip: ObjectID)
    /// The branch a change builds on moved on the remote since it was scanned (`now` is nil when the
    /// branch was deleted).
    case pushBaseMoved(url: String, branch: String, scanned: ObjectID, now: ObjectID?)
    /// The branch a push would create already exists on the remote with other content.
    case pushTargetExists(url: String, branch: String, tip: ObjectID)
    /// The remote refused to update the branch: `reason` is its status for the branch, `remoteMessage`
    /// what it printed on the way (hook output), both scrubbed of secrets.
    case pushRejected(url: String, branch: String, reason: String, remoteMessage: String)
    /// The remote refused the token census sent with a push (HTTP 401 or 403 after the token).
    case pushTokenRefused(url: String)
    /// The remote refused a push that carried no token; `tokenConfigured` says whether census holds
    /// one for the host (the server then refused before asking for it).
    case pushUnauthorized(url: String, tokenConfigured: Bool)
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
            guard let (_, variables) = Self.tokenHint(for: url) else {
                return "authentication failed for \(url): check that your SSH agent holds a key that can read it"
            }
            return "authentication failed for \(url): set \(variables) to a token that can read it"
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
        case .pushNotFastForward(let reference, let baseBranch, let baseTip):
            return "\(reference) does not build on \(baseTip.short), the scanned tip of \(baseBranch): nothing was pushed "
                + "(a migration branch must be a fast-forward of the commit that was scanned)"
        case .pushBaseMoved(let url, let branch, let scanned, let now):
            let moved = now.map { "it is now at \($0.short)" } ?? "it no longer exists"
            return "branch \(branch) of \(url) moved since it was scanned at \(scanned.short) (\(moved)): nothing was "
                + "pushed, because the change would not be a fast-forward of the scanned tip; crawl again and re-run the migration"
        case .pushTargetExists(let url, let branch, let tip):
            return "branch \(branch) already exists in \(url) with other content (at \(tip.short)): nothing was pushed; "
                + "delete that branch on the server if it is an old proposal, or push under another name"
        case .pushRejected(let url, let branch, let reason, let remoteMessage):
            let said = remoteMessage.isEmpty ? "" : "; the server said:\n" + remoteMessage
            return "\(url) refused to update branch \(branch) (\(reason)): the branch was not changed\(said)"
        case .pushTokenRefused(let url):
            guard let (host, variables) = Self.tokenHint(for: url) else {
                return "the server refused the credentials for \(url): nothing was pushed"
            }
            return "the server refused the token for \(host): nothing was pushed to \(url); check that \(variables) "
                + "holds a token that may write to the repository"
        case .pushUnauthorized(let url, let tokenConfigured):
            guard let (host, variables) = Self.tokenHint(for: url) else {
                return "\(url) refused the push: nothing was pushed; check that your SSH agent holds a key that can write to it"
            }
            if tokenConfigured {
                return "\(url) refused the push before asking for the token census holds for \(host): nothing was pushed; "
                    + "check that the server accepts pushes to this repository over HTTP(S)"
            }
            return "\(url) does not accept a push without a token and census has none for \(host): nothing was pushed; "
                + "set \(variables) to a token that may write to the repository"
        case .library(let operation, let code, let errorClass, let message):
            return "git \(operation) failed: \(message) (libgit2 error \(code), class \(errorClass))"
        }
    }

    /// For an HTTP(S) URL: the host as a user names it (`host` or `host:port` off the default port)
    /// and the variables that give it a token; nil for other URLs.
    private static func tokenHint(for url: String) -> (host: String, variables: String)? {
        guard let endpoint = RemoteEndpoint(url: url), endpoint.scheme == "https" || endpoint.scheme == "http" else {
            return nil
        }
        let port = endpoint.port == RemoteEndpoint.defaultPort(of: endpoint.scheme) ? nil : endpoint.port
        let host = port.map { "\(endpoint.host):\($0)" } ?? endpoint.host
        return (host, "\(Credentials.perHostVariable(host: endpoint.host, port: port)) "
            + "(or \(Credentials.tokenVariable) with \(host) in \(Credentials.tokenHostsVariable))")
    }
}
