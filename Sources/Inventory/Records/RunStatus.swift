/// How a crawl ended, as stored in `run.status`.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// Still crawling, or the process died before finishing (see `markUnfinishedRunsInterrupted`).
    case running
    /// Every repository was crawled.
    case ok
    /// The crawl finished but some repositories failed (exit code 3).
    case partial
    /// The crawl was stopped before it finished; what it recorded is kept.
    case interrupted
}
