import Foundation

/// One crawl as stored in the `run` table.
public struct RunSummary: Sendable, Hashable, Codable {
    /// The run id, increasing with every crawl.
    public var id: Int64
    /// When the crawl started.
    public var startedAt: Date
    /// When the crawl finished; `nil` while running or when the process died.
    public var finishedAt: Date?
    /// How the crawl ended.
    public var status: RunStatus
    /// Repositories the crawl set out to scan; `nil` until the run finishes.
    public var repositoriesTotal: Int?
    /// Repositories that failed; `nil` until the run finishes.
    public var repositoriesFailed: Int?
    /// The census version that ran the crawl, when recorded.
    public var censusVersion: String?

    /// A run summary with every field given.
    public init(id: Int64, startedAt: Date, finishedAt: Date?, status: RunStatus,
                repositoriesTotal: Int?, repositoriesFailed: Int?, censusVersion: String?) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.repositoriesTotal = repositoriesTotal
        self.repositoriesFailed = repositoriesFailed
        self.censusVersion = censusVersion
    }
}
