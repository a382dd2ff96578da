/// A commit whose references are already stored, so a branch at that commit only needs a branch scan row.
public struct StoredCommitScan: Hashable, Sendable {
    /// The `commit_scan` row.
    public var id: Int64
    /// How many references it holds.
    public var referenceCount: Int

    /// A stored scan.
    public init(id: Int64, referenceCount: Int) {
        self.id = id
        self.referenceCount = referenceCount
    }
}
