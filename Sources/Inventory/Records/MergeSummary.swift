/// What `census merge` did with the shard inventories it was given.
public struct MergeSummary: Sendable, Equatable {
    /// The merged run; nil when every shard had been merged before (nothing changed).
    public var runID: Int64?
    /// How the merged run ended: `partial` when a shard was partial or interrupted, or a shard of the
    /// fleet was not given; nil when nothing was merged.
    public var status: RunStatus?
    /// The shards merged now, in the order given.
    public var merged: [MergedShard]
    /// The shards merged by an earlier merge, left as they were.
    public var alreadyMerged: [MergedShard]
    /// Shards of the fleet (`I/N`) that none of the given inventories crawled.
    public var missingShards: [String]
    /// Repositories of the merged run, and those of them that failed as a whole or in part.
    public var repositories: Int
    public var repositoriesFailed: Int
    /// Findings carried with the shards' policy hash (stored rows); nil when the shards had no evaluation.
    public var findingsCarried: Int?
    /// The policy hash the carried findings were produced with.
    public var policyHash: String?
}

/// One shard inventory's latest run, as merged (or found merged before).
public struct MergedShard: Sendable, Equatable {
    /// The shard inventory's file, as given.
    public var path: String
    /// The run of the shard inventory that was merged.
    public var shardRunID: Int64
    /// The shard it crawled (`1/3`); nil for a crawl of a whole fleet.
    public var shard: String?
    /// How the shard's run ended.
    public var status: RunStatus
    /// The central run it was merged into.
    public var runID: Int64
}
