/// How a repository was crawled in a run, as stored in `repository_scan.status`.
public enum RepositoryScanStatus: String, Sendable, Codable, CaseIterable {
    /// Its branches were listed and every one was recorded.
    case ok
    /// It was reached, but some of its branches could not be scanned or recorded; the error names them.
    case partial
    /// It could not be crawled (clone, fetch or listing failed); the error says why.
    case failed
}
