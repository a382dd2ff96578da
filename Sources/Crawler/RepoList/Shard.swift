/// One of `count` parts of a fleet (`census crawl --shard 1/3`): the repositories it owns are chosen by
/// rendezvous (highest-random-weight) hashing of each repository's credential-free identity, the one
/// repos.txt uses to find duplicates.
///
/// Every repository computes a weight for each shard from a stable hash of `identity\nshard` and
/// belongs to the shard with the highest weight. The hash is FNV-1a 64 with a final avalanche mix, fixed
/// by this file (Swift's `Hasher` is seeded per process, so it cannot be used): every machine and
/// every census run picks the same shard for a repository. Going from N to N+1 shards moves only the
/// repositories whose weight for the new shard beats their old best, about 1/(N+1) of them, and each
/// of those moves to the new shard, so the other shards' mirror caches stay useful.
///
/// The index is 0-based, as Kubernetes' `JOB_COMPLETION_INDEX` is: `0/3`, `1/3` and `2/3`.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// This shard's index, `0..<count`.
    public let index: Int
    /// How many shards the fleet is split into.
    public let count: Int

    /// The shard `index` of `count`; nil unless `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Reads `I/N` (`0/3`); nil for anything else, including an index outside `0..<N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// `I/N`, as given on the command line and recorded in `run.shard`.
    public var description: String { "\(index)/\(count)" }

    /// Whether this shard crawls the repository of `spec`.
    public func owns(_ spec: RepositorySpec) -> Bool {
        Self.owner(ofIdentity: RepositoryLocation.identity(of: spec.url), count: count) == index
    }

    /// The shard (of `count`) owning a repository identity: the one with the highest weight, the
    /// lowest index on a tie.
    public static func owner(ofIdentity identity: String, count: Int) -> Int {
        var best = 0
        var bestWeight = weight(identity: identity, shard: 0)
        for shard in 1..<max(1, count) {
            let candidate = weight(identity: identity, shard: shard)
            if candidate > bestWeight {
                best = shard
                bestWeight = candidate
            }
        }
        return best
    }

    /// The rendezvous weight of `identity` for `shard`.
    static func weight(identity: String, shard: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(identity)\n\(shard)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        // FNV-1a alone barely mixes its last bytes, and only the shard number differs between one
        // identity's weights: the SplitMix64 finalizer spreads every input bit over the whole word.
        hash ^= hash >> 30
        hash &*= 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash &*= 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return hash
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
