extension Repository {
    /// The branches and default branch the remote at `url` advertises; nothing is downloaded.
    /// See `Remote` for what `timeout` bounds.
    public func listRemote(
        url: String, credentials: Credentials = .anonymous, timeout: Duration = Remote.defaultListTimeout
    ) throws -> RemoteHeads {
        try Remote.listBranches(url: url, credentials: credentials, timeout: timeout)
    }

    /// Fetches exactly `refs/heads/<b>` for each of `branches` from `url` into the same local
    /// branch names (forced: a rewritten remote branch replaces the local one).
    ///
    /// Never fetches tags (not even ones pointing into fetched history), `refs/pull/*` or any other
    /// reference. Requested branches the remote lacks are listed in `FetchResult.missing`. With
    /// `prune`, every local branch that is not both requested and advertised is deleted.
    /// The fetch works on its own handle of this repository, on its own thread; see `Remote` for
    /// what `timeout` bounds.
    @discardableResult
    public func fetch(
        url: String, branches: [String], prune: Bool, credentials: Credentials = .anonymous,
        timeout: Duration = Remote.defaultFetchTimeout
    ) throws -> FetchResult {
        try Remote.fetch(intoRepositoryAt: path, url: url, branches: branches, prune: prune,
                         credentials: credentials, timeout: timeout)
    }
}
