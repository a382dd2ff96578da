import XCTest
import Git
import TestSupport

final class RepositoryObjectsTests: XCTestCase {
    private var scratch: ScratchDirectory!
    private var fixture: GitFixture!

    override func setUpWithError() throws {
        scratch = try ScratchDirectory()
        fixture = try GitFixture(in: scratch, named: "repo.git")
    }

    override func tearDown() {
        fixture = nil
        scratch = nil
    }

    private func blobID(_ path: String, at commit: ObjectID) throws -> ObjectID {
        let tree = try fixture.repository.commitInfo(commit).tree
        return try XCTUnwrap(try fixture.repository.entryID(atPath: path, inTree: tree))
    }

    func testReadBlobReturnsTheExactBytes() throws {
        let bytes: [UInt8] = [0, 1, 2, 0xFF, 0xFE, 10]
        let commit = try fixture.commit(["bin/data": .bytes(bytes)])
        XCTAssertEqual(try fixture.repository.readBlob(try blobID("bin/data", at: commit), maxSize: 6), .bytes(bytes))
    }

    func testReadBlobOverTheLimitReportsTheSizeWithoutContent() throws {
        let commit = try fixture.commit(texts: ["big.txt": String(repeating: "x", count: 1000)])
        XCTAssertEqual(try fixture.repository.readBlob(try blobID("big.txt", at: commit), maxSize: 999), .tooLarge(size: 1000))
    }

    func testReadBlobOfAnEmptyFileIsEmpty() throws {
        let commit = try fixture.commit(texts: ["empty": ""])
        XCTAssertEqual(try fixture.repository.readBlob(try blobID("empty", at: commit), maxSize: 0), .bytes([]))
    }

    func testReadingAMissingObjectIsNotFoundRatherThanACrash() throws {
        let missing = try XCTUnwrap(ObjectID(hex: "1234567890123456789012345678901234567890"))
        XCTAssertThrowsError(try fixture.repository.readBlob(missing, maxSize: 10)) { error in
            XCTAssertEqual(error as? GitError, .notFound(what: "object 1234567890123456789012345678901234567890"))
        }
        XCTAssertThrowsError(try fixture.repository.commitInfo(missing)) { error in
            XCTAssertEqual(error as? GitError, .notFound(what: "object 1234567890123456789012345678901234567890"))
        }
        XCTAssertThrowsError(try fixture.repository.walkTree(missing) { _ in true }) { error in
            XCTAssertEqual(error as? GitError, .notFound(what: "object 1234567890123456789012345678901234567890"))
        }
    }

    func testReadingACommitAsABlobIsTheWrongKind() throws {
        let commit = try fixture.commit(texts: ["a": "1"])
        XCTAssertThrowsError(try fixture.repository.readBlob(commit, maxSize: 100)) { error in
            XCTAssertEqual(error as? GitError, .wrongObjectKind(what: "object \(commit.hex)", expected: "blob", actual: "commit"))
        }
    }

    func testCommitInfoReportsTreeTimeParentsSummaryAndAuthor() throws {
        let first = try fixture.commit(texts: ["a": "1"])
        let second = try fixture.repository.commit(
            files: ["a": .text("2")], on: "main", message: "Bump base image\n\nLonger body.",
            author: "Ada Lovelace <ada@example.com>", date: Date(timeIntervalSince1970: 1_700_000_000))
        let info = try fixture.repository.commitInfo(second)
        XCTAssertEqual(info.id, second)
        XCTAssertEqual(info.parents, [first])
        XCTAssertEqual(info.time, Date(timeIntervalSince1970: 1_700_000_000))
        XCTAssertEqual(info.summary, "Bump base image")
        XCTAssertEqual(info.author, "Ada Lovelace")
        XCTAssertEqual(try fixture.repository.entryID(atPath: "a", inTree: info.tree),
                       try fixture.repository.writeBlob(Array("2".utf8)))
    }

    func testEntryIDFindsFoldersAndReportsAbsentPathsAsNil() throws {
        let commit = try fixture.commit(texts: ["eng/docker/Dockerfile": "FROM x"])
        let tree = try fixture.repository.commitInfo(commit).tree
        XCTAssertNotNil(try fixture.repository.entryID(atPath: "eng/docker", inTree: tree))
        XCTAssertNil(try fixture.repository.entryID(atPath: "eng/missing", inTree: tree))
    }

    func testFileHistoryListsOnlyCommitsThatChangedThePathNewestFirst() throws {
        let added = try fixture.commit(texts: ["manifest.json": "1", "other": "a"])
        _ = try fixture.commit(texts: ["manifest.json": "1", "other": "b"])
        let changed = try fixture.commit(texts: ["manifest.json": "2", "other": "b"])
        let deleted = try fixture.commit(texts: ["other": "b"])
        let history = try fixture.repository.fileHistory(path: "manifest.json", from: deleted, limit: 10)
        XCTAssertEqual(history.map(\.commit), [deleted, changed, added])
        XCTAssertNil(history[0].blob)
        XCTAssertEqual(history[1].blob, try fixture.repository.writeBlob(Array("2".utf8)))
        XCTAssertEqual(history[2].time, GitFixture.firstCommitDate)
        XCTAssertEqual(try fixture.repository.fileHistory(path: "manifest.json", from: deleted, limit: 1).map(\.commit), [deleted])
    }
}
