@testable import Crawler
import XCTest

final class ShardTests: XCTestCase {
    private let identities = (0..<1000).map { "https://github.com/org\($0 % 37)/service-\($0)" }

    func testShardsAreReadZeroBasedAndAnythingElseIsRefused() {
        XCTAssertEqual(Shard("0/3"), Shard(index: 0, count: 3))
        XCTAssertEqual(Shard("2/3")?.description, "2/3")
        XCTAssertEqual(Shard("0/1")?.count, 1)
        for bad in ["3/3", "-1/3", "1/0", "0/0", "1", "a/b", "1/3/4", "", "/3", "1/", " 1/3", "+1/3", "١/٣"] {
            XCTAssertNil(Shard(bad), bad)
        }
    }

    func testEveryRepositoryIsInExactlyOneShard() {
        for count in [1, 2, 3, 7] {
            var members = Array(repeating: 0, count: count)
            for identity in identities {
                let owners = (0..<count).filter { index in
                    Shard(index: index, count: count)!.owns(RepositorySpec(url: identity, name: identity))
                }
                XCTAssertEqual(owners.count, 1, "\(identity) in \(count) shards")
                owners.forEach { members[$0] += 1 }
            }
            XCTAssertEqual(members.reduce(0, +), identities.count)
            // Balanced: each of N shards holds 1000/N give or take a fifth (a broken hash piles them up).
            for size in members {
                XCTAssertEqual(Double(size), 1000 / Double(count), accuracy: 200 / Double(count) + 1, "\(members)")
            }
        }
    }

    func testGoingFromFourToFiveShardsMovesAFifthAndOnlyToTheNewShard() {
        var moved = 0
        for identity in identities {
            let before = Shard.owner(ofIdentity: identity, count: 4)
            let after = Shard.owner(ofIdentity: identity, count: 5)
            if before != after {
                moved += 1
                XCTAssertEqual(after, 4, "\(identity) moved between old shards \(before) → \(after)")
            }
        }
        // Expected 200 (1/5 of 1000, standard deviation 12.6); a modulo split would move about 800.
        XCTAssertEqual(Double(moved), 200, accuracy: 50, "moved \(moved)")
    }

    func testTheSameRepositoryIsOwnedByTheSameShardHoweverItsLocationIsSpelled() {
        let spellings = [
            "https://github.com/dotnet/runtime", "https://github.com/dotnet/runtime.git", "https://GitHub.com/dotnet/runtime/",
        ]
        let owners = Set(spellings.map { Shard.owner(ofIdentity: RepositoryLocation.identity(of: $0), count: 5) })
        XCTAssertEqual(owners.count, 1, "\(owners)")
        // Credentials never count (a new token moves nothing), though a URL with user info is another
        // spelling than one without, as for duplicates in repos.txt.
        let tokens = ["https://ci:token-one@github.com/dotnet/runtime.git", "https://bot:token-two@github.com/dotnet/runtime"]
        XCTAssertEqual(Set(tokens.map { Shard.owner(ofIdentity: RepositoryLocation.identity(of: $0), count: 5) }).count, 1)
    }

    func testWeightsAreFixedAcrossReleasesAndMachines() {
        // Pinned: shard crawls from different census builds (or machines) must agree on every repository's
        // shard, so the hash may never change (Swift's Hasher would, per process).
        XCTAssertEqual(Shard.weight(identity: "https://github.com/dotnet/runtime", shard: 0), Self.pinnedWeight)
    }

    private static let pinnedWeight: UInt64 = 7_358_240_238_884_884_328
}
