/// Whether a repository as a whole was crawled in a run, as stored in `repository_scan.status`.
public enum RepositoryScanStatus: String, Sendable, Codable, CaseIterable {
    /// Its branches were listed and recorded (individual branches may still have failed).
    case ok
    /// It could not be crawled (clone, fetch or listing failed); the error says why.
    case failed
}
