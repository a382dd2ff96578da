/// What a crawl reports while it runs, for progress lines and logs.
public enum CrawlEvent: Sendable {
    case started(runID: Int64, repositories: Int)
    case repositoryStarted(name: String)
    case repositoryFinished(RepositoryOutcome)
}

/// How one repository's crawl ended.
public struct RepositoryOutcome: Sendable, Hashable {
    public var name: String
    public var branches: Int
    public var branchesFailed: Int
    public var references: Int
    /// Branches whose commit had been scanned before (references shared, nothing re-read).
    public var branchesReused: Int
    /// Whether the fetch was skipped because every tracked branch tip was unchanged.
    public var fetchSkipped: Bool
    /// The repository-level failure (listing or fetching), already free of credentials.
    public var error: String?
    /// Branch-level failures as `branch: message`.
    public var branchErrors: [String]
    public var seconds: Double

    public var failed: Bool { error != nil }
}

/// The result of a whole crawl.
public struct CrawlSummary: Sendable {
    public var runID: Int64
    public var outcomes: [RepositoryOutcome]

    public var failures: [RepositoryOutcome] { outcomes.filter(\.failed) }
    public var branches: Int { outcomes.reduce(0) { $0 + $1.branches } }
    public var references: Int { outcomes.reduce(0) { $0 + $1.references } }
}
