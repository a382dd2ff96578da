import CLibGit2

extension Repository {
    /// Pushes the commit the local `reference` (a full name, `refs/heads/census/migrate/app/main`)
    /// points at to the new branch `refs/heads/<branch>` of `url`, as a proposed change built on the
    /// scanned tip named by `lease`.
    ///
    /// Refused, with nothing sent, when the commit does not descend from `lease.baseTip`
    /// (`GitError.pushNotFastForward`), when the remote's `lease.baseBranch` no longer points at
    /// `lease.baseTip` (`.pushBaseMoved`), or when the target branch exists with anything but the
    /// commit itself or `lease.replacing` (`.pushTargetExists`). A target already holding the
    /// commit is `.alreadyPresent`. A refusal by the remote (a hook) is `.pushRejected` with what
    /// the remote printed; refused credentials are `.pushTokenRefused` or `.pushUnauthorized`.
    ///
    /// Uses the transport, credentials and redirect rules of `fetch` (a token goes only to its
    /// hosts; no redirect to another host is followed) and its time limit: a push still running at
    /// the deadline is abandoned with `GitError.timeout` and may still complete, which a later push
    /// of the same commit then reports as `.alreadyPresent`.
    public func push(
        reference: String, to url: String, branch: String, lease: PushLease,
        credentials: Credentials = .anonymous, timeout: Duration = Remote.defaultPushTimeout
    ) throws -> PushResult {
        try Remote.push(fromRepositoryAt: path, reference: reference, url: url, branch: branch, lease: lease,
                        credentials: credentials, timeout: timeout)
    }

    /// Whether `commit` has `ancestor` in its history (a commit does not descend from itself).
    public func descends(_ commit: ObjectID, from ancestor: ObjectID) throws -> Bool {
        var commitOID = commit.oid
        var ancestorOID = ancestor.oid
        return try handle.withPointer { (repository) throws(GitError) in
            let code = git_graph_descendant_of(repository, &commitOID, &ancestorOID)
            try check(code, "compare the histories of \(commit.short) and \(ancestor.short)") {
                $0.has(GIT_ENOTFOUND) ? .notFound(what: "commit \(commit.short) or \(ancestor.short)") : nil
            }
            return code == 1
        }
    }
}
