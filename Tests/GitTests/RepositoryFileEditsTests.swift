import Foundation
import Git
import TestSupport
import XCTest

/// `Repository.commit(replacing:after:…)`: a commit that changes a few files of its parent, written without
/// a checkout, with every other entry and each file's mode kept.
final class RepositoryFileEditsTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var repository: Repository!
    private let date = Date(timeIntervalSince1970: 1_700_000_000)

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        repository = try Repository.initBare(at: scratch.path("repo.git"))
    }

    private func text(_ path: String, at commit: ObjectID) throws -> String? {
        guard let blob = try repository.entryID(atPath: path, inTree: try repository.commitInfo(commit).tree),
              case .bytes(let bytes) = try repository.readBlob(blob, maxSize: 1 << 20) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testOnlyTheReplacedFilesAndTheTreesAboveThemChange() throws {
        let parent = try repository.commit(files: [
            "a/b/Dockerfile": .text("FROM centos:7\n"), "a/run.sh": .executable("docker run centos:7\n"),
            "other/keep.txt": .text("keep\n"), "top.yml": .text("image: x\n"),
        ], on: "main", message: "start", date: date)
        let child = try repository.commit(replacing: ["a/b/Dockerfile": Array("FROM azurelinux:3.0\n".utf8),
                                                      "a/run.sh": Array("docker run azurelinux:3.0\n".utf8)],
                                          after: parent, message: "move", author: "A Person <a@example.com>", date: date)
        let info = try repository.commitInfo(child)
        XCTAssertEqual(info.parents, [parent])
        XCTAssertEqual(info.author, "A Person")
        XCTAssertEqual(try text("a/b/Dockerfile", at: child), "FROM azurelinux:3.0\n")
        XCTAssertEqual(try text("top.yml", at: child), "image: x\n")
        let oldTree = try repository.commitInfo(parent).tree
        XCTAssertEqual(try repository.entryID(atPath: "other", inTree: info.tree),
                       try repository.entryID(atPath: "other", inTree: oldTree), "an untouched folder is the same tree")
        let modes = Dictionary(uniqueKeysWithValues: try repository.walkTree(info.tree) { _ in true }.map { ($0.path, $0.kind) })
        XCTAssertEqual(modes["a/run.sh"], .executable, "the replaced file keeps its mode")
        XCTAssertEqual(try repository.localBranches(), ["main": parent], "no reference moves")
    }

    func testAPathThatIsNotAFileOfTheParentIsRefused() throws {
        let parent = try repository.commit(files: ["a/b.txt": .text("1")], on: "main", message: "start", date: date)
        XCTAssertThrowsError(try repository.commit(replacing: ["a/missing.txt": [0x31]], after: parent, message: "m",
                                                   author: "A <a@example.com>", date: date))
        XCTAssertThrowsError(try repository.commit(replacing: ["a": [0x31]], after: parent, message: "m",
                                                   author: "A <a@example.com>", date: date))
    }
}
