/// What happened to one branch in one run, as stored in `branch_scan.status`.
public enum BranchScanStatus: String, Sendable, Codable, CaseIterable {
    /// The branch tip was scanned (or its commit's stored references were shared).
    case ok
    /// The tip did not move since the last run; the stored references of that commit are shared.
    case unchanged
    /// The branch could not be scanned; the error says why and earlier data stays current.
    case failed
}
