import XCTest
@testable import Git
import TestSupport

final class LocalFetchTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var remote: GitFixture!
    private var mirror: Repository!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        remote = try GitFixture(in: scratch, named: "remote.git")
        mirror = try Repository.initBare(at: scratch.path("mirror.git"))
    }

    override func tearDown() {
        mirror = nil
        remote = nil
        scratch = nil
    }

    func testLocalAddressesAreRecognizedAndNetworkOnesAreNot() {
        XCTAssertEqual(LocalFetch.localPath(of: "/srv/mirrors/tools.git"), "/srv/mirrors/tools.git")
        XCTAssertEqual(LocalFetch.localPath(of: "relative/repo"), "relative/repo")
        XCTAssertEqual(LocalFetch.localPath(of: "file:///srv/a%20b.git"), "/srv/a b.git")
        XCTAssertEqual(LocalFetch.localPath(of: "file://localhost/srv/x"), "/srv/x")
        XCTAssertNil(LocalFetch.localPath(of: "https://github.com/dotnet/arcade"))
        XCTAssertNil(LocalFetch.localPath(of: "ssh://git@host/x"))
        XCTAssertNil(LocalFetch.localPath(of: "git@github.com:dotnet/arcade.git"))
    }

    func testFetchingAgainWithoutChangesWritesNoNewPack() throws {
        try remote.commit(texts: ["a": "1"])
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        let packs = try FileManager.default.contentsOfDirectory(atPath: mirror.path + "/objects/pack")
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mirror.path + "/objects/pack").sorted(), packs.sorted())
        XCTAssertEqual(packs.filter { $0.hasSuffix(".pack") }.count, 1)
    }

    func testAnIncrementalLocalFetchCopiesOnlyNewObjects() throws {
        // Incompressible bytes, so a pack holding them is necessarily larger than 10 kB.
        var seed: UInt32 = 12_345
        let noise: [UInt8] = (0..<10_000).map { _ in
            seed = seed &* 1_103_515_245 &+ 12_345
            return UInt8(truncatingIfNeeded: seed >> 16)
        }
        try remote.commit(["big": .bytes(noise)])
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        let next = try remote.commit(["big": .bytes(noise), "small": .text("y")])
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        let packFolder = mirror.path + "/objects/pack"
        let sizes = try FileManager.default.contentsOfDirectory(atPath: packFolder)
            .filter { $0.hasSuffix(".pack") }
            .map { try XCTUnwrap(FileManager.default.attributesOfItem(atPath: packFolder + "/" + $0)[.size] as? Int) }
            .sorted()
        XCTAssertEqual(sizes.count, 2)
        // The second pack holds a commit, a tree and a one-byte blob, not the 10 kB file again.
        XCTAssertLessThan(sizes[0], 400)
        XCTAssertGreaterThan(sizes[1], 10_000)
        XCTAssertEqual(try mirror.localBranches(), ["main": next])
    }
}
