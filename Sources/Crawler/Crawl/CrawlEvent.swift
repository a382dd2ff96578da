import Extraction
import Inventory

/// What a crawl reports while it runs, for progress lines and logs.
public enum CrawlEvent: Sendable {
    case started(runID: Int64, repositories: Int)
    case repositoryStarted(name: String)
    case repositoryFinished(RepositoryOutcome)
}

/// How one repository's crawl ended.
public struct RepositoryOutcome: Sendable, Hashable {
    /// The repository's display name.
    public var name: String
    /// Tracked branches recorded (scanned, shared or failed).
    public var branches: Int
    /// Branches that failed.
    public var branchesFailed: Int
    /// References of all its branches (shared ones included).
    public var references: Int
    /// Branches whose commit had been scanned before (references shared, nothing re-read).
    public var branchesReused: Int
    /// Whether the fetch was skipped because the mirror already held every tracked branch tip (also
    /// on a repository's first crawl into a database, when its mirror was already in the cache).
    public var fetchSkipped: Bool
    /// Branches at the commit the repository's previous crawl recorded for them.
    public var branchesUnchanged = 0
    /// The repository-level failure (listing or fetching), already free of credentials.
    public var error: String?
    /// Branch-level failures as `branch: message`.
    public var branchErrors: [String]
    /// The repository's own wall time: from the start of its listing (not the start of the crawl, nor
    /// its wait for a free network job) to the recording of its results.
    public var seconds: Double
    /// What was repaired in the repository's mirror, in the user's words ("mirror was damaged
    /// (missing objects on branch main) and was fetched again"); nil when nothing needed it.
    public var repaired: String? = nil

    /// Whether every branch was already stored at the commit it is at now: nothing changed since the
    /// repository's previous crawl. Never true on a repository's first crawl.
    public var unchanged: Bool { !failed && branches > 0 && branchesUnchanged == branches }

    /// Whether the repository failed as a whole.
    public var failed: Bool { error != nil }

    /// How the repository's crawl ended: failed as a whole, partial when some branch failed, else ok.
    public var status: RepositoryScanStatus {
        if failed { return .failed }
        return branchesFailed > 0 ? .partial : .ok
    }

    /// The error a partial repository is recorded with: which branches failed (each one's own error
    /// is in its branch scan).
    public var partialError: String {
        let names = branchErrors.map { $0.prefix { $0 != ":" } }.joined(separator: ", ")
        return "\(branchesFailed) of \(branches.counted("branch")) failed: \(names)"
    }
}

/// The result of a whole crawl.
public struct CrawlSummary: Sendable {
    /// The run the crawl recorded.
    public var runID: Int64
    /// One outcome per repository, by name.
    public var outcomes: [RepositoryOutcome]

    /// The repositories that failed as a whole or in part (some branch failed): exit code 3.
    public var failures: [RepositoryOutcome] { outcomes.filter { $0.status != .ok } }
    /// Branches recorded in all repositories.
    public var branches: Int { outcomes.reduce(0) { $0 + $1.branches } }
    /// References of all branches.
    public var references: Int { outcomes.reduce(0) { $0 + $1.references } }
}
