import CLibGit2
import Foundation

extension Remote {
    /// Default limit for a push, the same as for a fetch.
    public static let defaultPushTimeout: Duration = defaultFetchTimeout

    /// Pushes the commit of the local `reference` of the repository at `path` to `refs/heads/<branch>`
    /// of `url`, under the conditions of `lease` (see `Repository.push`).
    static func push(
        fromRepositoryAt path: String, reference: String, url: String, branch: String, lease: PushLease,
        credentials: Credentials, timeout: Duration
    ) throws -> PushResult {
        GitLibrary.initialize()
        try Repository.validateBranchName(branch)
        try Repository.validateBranchName(lease.baseBranch)
        return try runBounded(url: url, timeout: timeout) { activity in
            Result { () throws(GitError) in
                try pushOnCurrentThread(path: path, reference: reference, url: url, branch: branch, lease: lease,
                                        credentials: credentials, timeout: timeout, activity: activity)
            }
        }
    }

    private static func pushOnCurrentThread(
        path: String, reference: String, url: String, branch: String, lease: PushLease, credentials: Credentials,
        timeout: Duration, activity: RemoteActivity
    ) throws(GitError) -> PushResult {
        let repository = try catching { try Repository.open(at: path) }
        guard let commit = try catching({ try repository.reference(reference) }) else {
            throw .notFound(what: "reference '\(reference)'")
        }
        guard try catching({ try repository.descends(commit, from: lease.baseTip) }) else {
            throw .pushNotFastForward(reference: reference, baseBranch: lease.baseBranch, baseTip: lease.baseTip)
        }
        // A push goes only where the user pointed: no redirect to another host is followed, allowed or not.
        let state = RemoteCallbacks(url: url, credentials: credentials, timeout: timeout, redirects: .sameHostOnly,
                                    activity: activity)
        let shown = URLRedaction.redact(url)
        let remote = try repository.handle.withPointer { (repository) throws(GitError) in
            try GitHandle("open remote", release: { git_remote_free($0) }, interpret: {
                .remoteNotFound(url: shown, message: URLRedaction.scrub($0.message, secrets: credentials.secrets))
            }) { out in census_remote_create_anonymous(&out, repository, url) }
        }
        return try remote.withPointer { (remote) throws(GitError) in
            var connectOptions = git_remote_connect_options()
            git_remote_connect_options_init(&connectOptions, UInt32(GIT_REMOTE_CONNECT_OPTIONS_VERSION))
            state.installPush(into: &connectOptions.callbacks)
            connectOptions.proxy_opts.type = GIT_PROXY_AUTO
            connectOptions.follow_redirects = state.redirects.libgit2Value
            let connected = withExtendedLifetime(state) { git_remote_connect_ext(remote, GIT_DIRECTION_PUSH, &connectOptions) }
            if connected < 0 {
                throw pushError(state.error(for: LibraryFailure(code: connected, secrets: credentials.secrets),
                                            operation: "connect for push"), state: state)
            }
            defer { git_remote_disconnect(remote) }

            // The remote checks each update against the old value it is sent, so the tips read here
            // are the ones the push is conditional on (`PushUpdate`).
            let advertised = try advertisedBranches(remote, state: state)
            let baseNow = advertised[lease.baseBranch]
            guard baseNow == lease.baseTip else {
                throw .pushBaseMoved(url: shown, branch: lease.baseBranch, scanned: lease.baseTip, now: baseNow)
            }
            let current = advertised[branch]
            if current == commit {
                return PushResult(branch: branch, commit: commit, outcome: .alreadyPresent)
            }
            if let current, current != lease.replacing {
                throw .pushTargetExists(url: shown, branch: branch, tip: current)
            }

            let target = Repository.branchPrefix + branch
            state.expectedPushUpdate = PushUpdate(reference: target, old: current, new: commit)
            var options = git_push_options()
            git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION))
            state.installPush(into: &options.callbacks)
            options.proxy_opts.type = GIT_PROXY_AUTO
            options.follow_redirects = state.redirects.libgit2Value
            // Replacing an earlier push of ours is not a fast-forward; the remote still refuses it
            // unless the branch holds exactly that push (the old value sent with the update).
            let refspec = (current == nil ? "" : "+") + reference + ":" + target
            let code = withExtendedLifetime(state) {
                withStringArray([refspec]) { array in git_remote_upload(remote, &array, &options) }
            }
            let failure = code < 0 ? LibraryFailure(code: code, secrets: credentials.secrets) : nil
            if let reason = state.rejectedReferences[target] {
                throw .pushRejected(url: shown, branch: branch,
                                    reason: URLRedaction.scrub(reason, secrets: credentials.secrets),
                                    remoteMessage: state.remoteMessage)
            }
            if let unexpected = state.unexpectedPushUpdate {
                throw .library(operation: "push", code: code, errorClass: 0, message:
                    "libgit2 planned another update (\(unexpected)) than census checked; nothing was pushed")
            }
            if let failure {
                throw pushError(state.error(for: failure, operation: "push"), state: state)
            }
            return PushResult(branch: branch, commit: commit, outcome: current.map { .replaced(previous: $0) } ?? .created,
                              remoteMessage: state.remoteMessage)
        }
    }

    /// Says in push terms what refused credentials mean: a token sent and refused, or a remote that
    /// wants one census did not send (HTTP 401 without a token, or 403).
    static func pushError(_ error: GitError, state: RemoteCallbacks) -> GitError {
        let tokenSent = state.credentialsOffered && state.credentials.token(for: state.url) != nil
        switch error {
        case .authenticationFailed(let url):
            return tokenSent ? .pushTokenRefused(url: url)
                : .pushUnauthorized(url: url, tokenConfigured: state.credentials.token(for: state.url) != nil)
        case .network(let url, let message) where message.lowercased().contains("status code: 403"):
            return tokenSent ? .pushTokenRefused(url: url)
                : .pushUnauthorized(url: url, tokenConfigured: state.credentials.token(for: state.url) != nil)
        default:
            return error
        }
    }
}
