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

    /// Incompressible bytes just over the size above which objects are copied as files.
    private func blobOverTheWholeObjectLimit() -> [UInt8] {
        var seed: UInt32 = 2_024
        return (0..<(LocalFetch.wholeObjectLimit + 1_000_000)).map { _ in
            seed = seed &* 1_103_515_245 &+ 12_345
            return UInt8(truncatingIfNeeded: seed >> 16)
        }
    }

    func testABlobOverTheWholeObjectLimitArrivesIntactAsItsLooseObjectFile() throws {
        let big = blobOverTheWholeObjectLimit()
        let tip = try remote.commit(["big.bin": .bytes(big), "Dockerfile": .text("FROM alpine\n")])
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        XCTAssertEqual(try mirror.localBranches(), ["main": tip])
        let id = try remote.repository.writeBlob(big)
        XCTAssertEqual(try mirror.readBlob(id, maxSize: big.count), .bytes(big))
        // Copied as the source's object file, never read whole into a pack.
        let loose = "/objects/" + id.hex.prefix(2) + "/" + id.hex.dropFirst(2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: mirror.path + loose))
        XCTAssertEqual(try mirror.readBlob(try remote.repository.writeBlob(Array("FROM alpine\n".utf8)), maxSize: 100),
                       .bytes(Array("FROM alpine\n".utf8)))

        let next = try remote.commit(["big.bin": .bytes(big), "Dockerfile": .text("FROM alpine:3.20\n")])
        try mirror.fetch(url: remote.path, branches: ["main"], prune: false)
        XCTAssertEqual(try mirror.localBranches(), ["main": next])
    }

    func testABlobOverTheWholeObjectLimitInASourcePackArrivesIntactWithThatWholePack() throws {
        let big = blobOverTheWholeObjectLimit()
        let tip = try remote.commit(["big.bin": .bytes(big), "Dockerfile": .text("FROM alpine\n")])
        try remote.commit(texts: ["other.txt": "only on another branch"], on: "other")
        // libgit2's own transport leaves the source's objects, both branches', in one pack.
        let packed = try Repository.initBare(at: scratch.path("packed.git"))
        _ = try Remote.fetch(intoRepositoryAt: packed.path, url: remote.path, branches: ["main", "other"], prune: false,
                         credentials: .anonymous, timeout: .seconds(60), libgit2Transport: true)

        try mirror.fetch(url: packed.path, branches: ["main"], prune: false)
        XCTAssertEqual(try mirror.localBranches(), ["main": tip])
        XCTAssertEqual(try mirror.readBlob(try remote.repository.writeBlob(big), maxSize: big.count), .bytes(big))
        // The big blob came with its pack as a file, not read whole into a pack of main's objects:
        // the pack also brought the other branch's object.
        let other = try remote.repository.writeBlob(Array("only on another branch".utf8))
        XCTAssertEqual(try mirror.readBlob(other, maxSize: 100), .bytes(Array("only on another branch".utf8)))
    }
}
