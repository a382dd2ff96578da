import CLibGit2
import Foundation

/// Talks to remote repositories (HTTPS, SSH, local paths and `file://` URLs): lists their branches,
/// fetches selected branches into a local repository, and pushes one proposed change
/// (`Remote+Push.swift`).
///
/// Time limits. libgit2 1.5 has no connect or read timeout, so each operation runs on its own
/// thread and the caller waits at most `timeout` before getting `GitError.timeout`. Within that, the
/// transfer callbacks stop a slow but progressing download at the deadline, so the worker ends
/// cleanly; a worker still receiving data at the deadline gets a short grace period to do so. A
/// connection that hangs with no data at all (a blackholed TCP connect, a server that never answers)
/// cannot be interrupted inside libgit2 and gets no grace: its worker thread is abandoned at the
/// deadline and finishes whenever the operating system gives up on the socket,
/// still holding its own repository handle (never the caller's) until then; if such an abandoned
/// fetch does complete later, it may still move the mirror's branches (which is harmless: they
/// then point at what the remote had).
///
/// Redirects and tokens. A redirect to another host is refused (`GitError.redirectRefused`, naming
/// both hosts) unless `Credentials.redirectHosts` names the target; then the operation runs once
/// more following it, with no token. Which token goes where is `RemoteCallbacks`' business.
public enum Remote {
    /// Default limit for listing a remote's branches.
    public static let defaultListTimeout: Duration = .seconds(60)
    /// Default limit for a fetch.
    public static let defaultFetchTimeout: Duration = .seconds(600)
    /// Extra time the caller waits after the deadline for a worker still receiving data to stop
    /// itself at its next callback. A silent worker gets none: nothing would wake it.
    static let grace: Duration = .seconds(5)
    /// How recent a worker's last callback must be for it to count as still receiving data.
    static let receivingWindow: Duration = .seconds(1)

    /// The branches (`refs/heads/*`) and default branch a remote advertises; nothing is downloaded.
    public static func listBranches(
        url: String, credentials: Credentials = .anonymous, timeout: Duration = defaultListTimeout
    ) throws -> RemoteHeads {
        GitLibrary.initialize()
        return try runBounded(url: url, timeout: timeout) { activity in
            Result { () throws(GitError) in
                try listOnCurrentThread(url: url, credentials: credentials, timeout: timeout, activity: activity)
            }
        }
    }

    /// Fetches exactly `branches` from `url` into the repository at `path` (see `Repository.fetch`).
    /// A local path or `file://` URL goes through libgit2's local transport, like any other: the
    /// crawler reads such repositories in place and fetches from them only for git catalogs.
    /// The received pack is indexed by `FetchPackIndexer` with `packIndexer`.
    static func fetch(
        intoRepositoryAt path: String, url: String, branches: [String], prune: Bool,
        credentials: Credentials, timeout: Duration, packIndexer: FetchPackIndexer.Settings = .standard
    ) throws -> FetchResult {
        GitLibrary.initialize()
        for branch in branches { try Repository.validateBranchName(branch) }
        let requested = Array(Set(branches)).sorted()
        return try runBounded(url: url, timeout: timeout) { activity in
            Result { () throws(GitError) in
                try fetchOnCurrentThread(path: path, url: url, branches: requested, prune: prune,
                                         credentials: credentials, timeout: timeout, packIndexer: packIndexer,
                                         activity: activity)
            }
        }
    }

    private static func listOnCurrentThread(url: String, credentials: Credentials, timeout: Duration,
                                            activity: RemoteActivity) throws(GitError) -> RemoteHeads {
        let started = DispatchTime.now()
        return try followingAllowedRedirect(credentials) { (redirects) throws(GitError) in
            let state = RemoteCallbacks(url: url, credentials: credentials, timeout: timeout, startedAt: started,
                                        redirects: redirects, activity: activity)
            return try listOnce(url: url, state: state)
        }
    }

    /// Runs `attempt` refusing redirects to another host; when the refused host is one the user
    /// allowed, runs it once more following the redirect, without a token.
    private static func followingAllowedRedirect<Value>(
        _ credentials: Credentials, _ attempt: (RemoteCallbacks.Redirects) throws(GitError) -> Value
    ) throws(GitError) -> Value {
        do {
            return try attempt(.sameHostOnly)
        } catch .redirectRefused(_, _, let target) where credentials.allowsRedirect(to: target) {
            return try attempt(.followedWithoutToken(host: target))
        }
    }

    private static func listOnce(url: String, state: RemoteCallbacks) throws(GitError) -> RemoteHeads {
        let credentials = state.credentials
        let remote = try GitHandle("open remote", release: { git_remote_free($0) }, interpret: {
            .remoteNotFound(url: URLRedaction.redact(url), message: URLRedaction.scrub($0.message, secrets: credentials.secrets))
        }) { out in git_remote_create_detached(&out, url) }

        return try remote.withPointer { (remote) throws(GitError) in
            var options = git_remote_connect_options()
            git_remote_connect_options_init(&options, UInt32(GIT_REMOTE_CONNECT_OPTIONS_VERSION))
            state.install(into: &options.callbacks)
            options.proxy_opts.type = GIT_PROXY_AUTO
            options.follow_redirects = state.redirects.libgit2Value
            let connected = withExtendedLifetime(state) { git_remote_connect_ext(remote, GIT_DIRECTION_FETCH, &options) }
            if connected < 0 {
                throw state.error(for: LibraryFailure(code: connected, secrets: credentials.secrets), operation: "connect")
            }
            defer { git_remote_disconnect(remote) }
            let branches = try advertisedBranches(remote, state: state)
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            var defaultBranch: String?
            let code = git_remote_default_branch(&buffer, remote)
            if code == 0, let pointer = buffer.ptr {
                let name = string(from: pointer)
                if name.hasPrefix(Repository.branchPrefix) { defaultBranch = String(name.dropFirst(Repository.branchPrefix.count)) }
            } else if code < 0 && code != GIT_ENOTFOUND.rawValue {
                throw state.error(for: LibraryFailure(code: code, secrets: credentials.secrets), operation: "read default branch")
            }
            return RemoteHeads(branches: branches, defaultBranch: defaultBranch)
        }
    }

    static func advertisedBranches(_ remote: OpaquePointer, state: RemoteCallbacks) throws(GitError) -> [String: ObjectID] {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        let code = git_remote_ls(&heads, &count, remote)
        if code < 0 {
            throw state.error(for: LibraryFailure(code: code, secrets: state.credentials.secrets), operation: "list remote references")
        }
        var branches: [String: ObjectID] = [:]
        guard let heads else { return branches }
        for index in 0..<count {
            guard let head = heads[index], let namePointer = head.pointee.name else { continue }
            let name = string(from: namePointer)
            guard name.hasPrefix(Repository.branchPrefix), !name.hasSuffix("^{}") else { continue }
            branches[String(name.dropFirst(Repository.branchPrefix.count))] = ObjectID(head.pointee.oid)
        }
        return branches
    }

    private static func fetchOnCurrentThread(
        path: String, url: String, branches: [String], prune: Bool, credentials: Credentials, timeout: Duration,
        packIndexer: FetchPackIndexer.Settings, activity: RemoteActivity
    ) throws(GitError) -> FetchResult {
        let repository = try catching { try Repository.open(at: path) }
        try repository.handle.withPointer { (pointer) throws(GitError) in
            try FetchPackIndexer.install(into: pointer, settings: packIndexer)
        }
        var advertised: Set<String> = []
        if !branches.isEmpty {
            advertised = try download(into: repository, url: url, branches: branches,
                                      credentials: credentials, timeout: timeout, activity: activity)
        }
        let kept = Set(branches).intersection(advertised)
        let local = try catching { try repository.localBranches() }
        var pruned: [String] = []
        if prune {
            for name in local.keys.sorted() where !kept.contains(name) {
                try catching { try repository.deleteBranch(name) }
                pruned.append(name)
            }
        }
        let tips = local.filter { kept.contains($0.key) }
        return FetchResult(branches: tips, missing: branches.filter { !advertised.contains($0) }, pruned: pruned)
    }

    /// Downloads the branches and updates `refs/heads/<b>`; returns every branch the remote advertised.
    private static func download(
        into repository: Repository, url: String, branches: [String], credentials: Credentials, timeout: Duration,
        activity: RemoteActivity
    ) throws(GitError) -> Set<String> {
        let started = DispatchTime.now()
        return try followingAllowedRedirect(credentials) { (redirects) throws(GitError) in
            let state = RemoteCallbacks(url: url, credentials: credentials, timeout: timeout, startedAt: started,
                                        redirects: redirects, activity: activity)
            return try downloadOnce(into: repository, url: url, branches: branches, state: state)
        }
    }

    private static func downloadOnce(
        into repository: Repository, url: String, branches: [String], state: RemoteCallbacks
    ) throws(GitError) -> Set<String> {
        let credentials = state.credentials
        let remote = try repository.handle.withPointer { (repository) throws(GitError) in
            try GitHandle("open remote", release: { git_remote_free($0) }, interpret: {
                .remoteNotFound(url: URLRedaction.redact(url), message: URLRedaction.scrub($0.message, secrets: credentials.secrets))
            }) { out in census_remote_create_anonymous(&out, repository, url) }
        }
        return try remote.withPointer { (remote) throws(GitError) in
            var options = git_fetch_options()
            git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
            state.install(into: &options.callbacks)
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            options.prune = GIT_FETCH_NO_PRUNE
            options.update_fetchhead = 0
            options.proxy_opts.type = GIT_PROXY_AUTO
            options.follow_redirects = state.redirects.libgit2Value
            // Connected first, to learn which requested branches moved; the fetch reuses the connection.
            var connectOptions = git_remote_connect_options()
            git_remote_connect_options_init(&connectOptions, UInt32(GIT_REMOTE_CONNECT_OPTIONS_VERSION))
            connectOptions.callbacks = options.callbacks
            connectOptions.proxy_opts = options.proxy_opts
            connectOptions.follow_redirects = options.follow_redirects
            let connected = withExtendedLifetime(state) { git_remote_connect_ext(remote, GIT_DIRECTION_FETCH, &connectOptions) }
            if connected < 0 {
                throw state.error(for: LibraryFailure(code: connected, secrets: credentials.secrets), operation: "fetch")
            }
            defer { git_remote_disconnect(remote) }
            let advertised = try advertisedBranches(remote, state: state)
            let local = try catching { try repository.localBranches() }
            let refspecs = fetchRefspecs(branches, advertised: advertised, local: local)
            if refspecs.isEmpty { return Set(advertised.keys) }
            let code = withExtendedLifetime(state) {
                withStringArray(refspecs) { array in git_remote_fetch(remote, &array, &options, "census: fetch") }
            }
            if code < 0 {
                throw state.error(for: LibraryFailure(code: code, secrets: credentials.secrets), operation: "fetch")
            }
            return Set(advertised.keys)
        }
    }

    /// The refspecs that fetch the requested `branches` the remote `advertised` whose `local` tip
    /// differs, each into the same local branch (forced): only branches, never tags, pull requests or
    /// other refs. libgit2 matches every advertised reference against every refspec, so a remote
    /// with thousands of requested branches made one refspec per branch quadratic. Branches of a
    /// folder (`release/`) whose every advertised branch is requested share one glob refspec, which
    /// fetches exactly those, and so do all branches when every advertised one is requested.
    static func fetchRefspecs(_ branches: [String], advertised: [String: ObjectID], local: [String: ObjectID]) -> [String] {
        let requested = Set(branches)
        let moved = requested.filter { branch in advertised[branch].map { local[branch] != $0 } ?? false }
        if moved.isEmpty { return [] }
        // Every advertised branch requested: one glob for all of them.
        if advertised.keys.allSatisfy(requested.contains) { return ["+refs/heads/*:refs/heads/*"] }
        func folder(_ branch: String) -> String? {
            branch.firstIndex(of: "/").map { String(branch[...$0]) }
        }
        // Per folder, whether every advertised branch in it is requested.
        var whole: [String: Bool] = [:]
        for name in advertised.keys {
            guard let folder = folder(name) else { continue }
            whole[folder] = (whole[folder] ?? true) && requested.contains(name)
        }
        var refspecs: Set<String> = []
        for branch in moved {
            if let folder = folder(branch), whole[folder] == true {
                refspecs.insert("+refs/heads/\(folder)*:refs/heads/\(folder)*")
            } else {
                refspecs.insert("+refs/heads/\(branch):refs/heads/\(branch)")
            }
        }
        return refspecs.sorted()
    }

    /// Runs `work` on its own thread and waits for it at most `timeout`, plus the grace period when
    /// the worker is still receiving data at the deadline (see `waitAfterDeadline`).
    static func runBounded<Value: Sendable>(
        url: String, timeout: Duration, _ work: @escaping @Sendable (RemoteActivity) -> Result<Value, GitError>
    ) throws(GitError) -> Value {
        let outcome = Outcome<Value>()
        let activity = RemoteActivity()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.set(work(activity))
            finished.signal()
        }
        thread.name = "census-git-remote"
        thread.stackSize = 8 << 20
        thread.start()
        var done = finished.wait(timeout: .now() + dispatchInterval(timeout)) == .success
        if !done {
            let extra = waitAfterDeadline(receiving: activity.isReceiving(within: receivingWindow))
            done = extra > .zero && finished.wait(timeout: .now() + dispatchInterval(extra)) == .success
        }
        guard done, let result = outcome.get() else {
            throw GitError.timeout(url: URLRedaction.redact(url), seconds: Int(timeout.components.seconds))
        }
        return try result.get()
    }

    /// How long the caller still waits once the deadline has passed: the grace period for a worker
    /// that is receiving data (its next callback ends it cleanly), nothing for a silent one (a server
    /// that accepted the connection and never answers), which would only make `--timeout N` take
    /// N plus the grace.
    static func waitAfterDeadline(receiving: Bool) -> Duration {
        receiving ? grace : .zero
    }

    /// A `Duration` as a dispatch interval, in milliseconds.
    static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow, milliseconds.partialValue < Int64(Int.max / 2) else { return .never }
        return .milliseconds(Int(milliseconds.partialValue + attoseconds / 1_000_000_000_000_000))
    }
}

/// The result a worker thread hands back to the waiting caller.
private final class Outcome<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, GitError>?

    func set(_ result: Result<Value, GitError>) { lock.withLock { self.result = result } }
    func get() -> Result<Value, GitError>? { lock.withLock { result } }
}

/// Calls `body` with a `git_strarray` view of `strings`, valid only during the call.
func withStringArray<Result>(_ strings: [String], _ body: (inout git_strarray) -> Result) -> Result {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return body(&array)
    }
}
