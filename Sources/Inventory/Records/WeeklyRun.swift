import Foundation

/// The run that stands for an ISO week: the last finished (`ok` or `partial`) crawl started in it.
public struct WeeklyRun: Sendable, Hashable, Codable {
    /// The ISO 8601 week, e.g. `2026-W03`.
    public var week: String
    /// The run.
    public var runID: Int64
    /// When the run started.
    public var startedAt: Date
    /// How the run ended.
    public var status: RunStatus

    /// A weekly run with every field given.
    public init(week: String, runID: Int64, startedAt: Date, status: RunStatus) {
        self.week = week
        self.runID = runID
        self.startedAt = startedAt
        self.status = status
    }
}
