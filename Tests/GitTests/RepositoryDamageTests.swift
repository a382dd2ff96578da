import Foundation
import Git
import TestSupport
import XCTest

/// Damaged objects fail to read instead of yielding other contents. A packed object is a zlib stream
/// whose Adler-32 zlib checks, and libgit2 checks its inflated size; a loose object is inflated by
/// libgit2 1.5 without the Adler-32 check, so only the strict hash verification `GitLibrary` keeps on
/// catches every damaged byte of it (with verification off, the loose test fails).
///
/// Each test flips every byte of one object where it is stored, one at a time, and reads the object
/// from a freshly opened repository (no cache): the read must fail, or give exactly what was stored.
final class RepositoryDamageTests: XCTestCase {
    private let dockerfile = (1...12).map { "FROM registry.example.com/base/image-\($0):1.\($0)\nRUN make step-\($0)\n" }.joined()

    func testEveryByteOfAPackedBlobDamagedFailsTheRead() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "packed.git")
        let blob = try committedBlob(in: fixture)
        try fixture.packEverything()
        let packed = try fixture.packedObject(blob)
        XCTAssertGreaterThan(packed.length, 20)

        let failures = try flipEachByte(of: packed.pack, in: packed.offset..<packed.offset + packed.length) {
            try Repository.open(at: fixture.path).readBlob(blob, maxSize: 1 << 20)
        }
        XCTAssertEqual(failures, packed.length, "every damaged byte of the packed blob fails the read")
    }

    func testEveryByteOfALooseBlobDamagedFailsTheRead() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "loose.git")
        let blob = try committedBlob(in: fixture)
        let file = fixture.looseObjectPath(blob)
        let length = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)

        let failures = try flipEachByte(of: file, in: 0..<length) {
            try Repository.open(at: fixture.path).readBlob(blob, maxSize: 1 << 20)
        }
        XCTAssertEqual(failures, length, "every damaged byte of the loose blob fails the read")
    }

    func testEveryByteOfAPackedTreeDamagedFailsTheWalk() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "tree.git")
        let commit = try fixture.commit(texts: ["Dockerfile": dockerfile, "deploy/app.yaml": "image: nginx:1.27\n",
                                                "src/main.sh": "docker run alpine:3.20\n"])
        let tree = try fixture.repository.commitInfo(commit).tree
        try fixture.packEverything()
        let packed = try fixture.packedObject(tree)

        let failures = try flipEachByte(of: packed.pack, in: packed.offset..<packed.offset + packed.length) {
            try Repository.open(at: fixture.path).walkTree(tree) { _ in true }
        }
        XCTAssertEqual(failures, packed.length, "every damaged byte of the packed tree fails the walk")
    }

    private func committedBlob(in fixture: GitFixture) throws -> ObjectID {
        let commit = try fixture.commit(texts: ["Dockerfile": dockerfile])
        let tree = try fixture.repository.commitInfo(commit).tree
        return try XCTUnwrap(fixture.repository.entryID(atPath: "Dockerfile", inTree: tree))
    }

    /// Damages each byte of `range` in `file` in turn (restoring it after), runs `read`, and counts
    /// the reads that failed; a read that succeeds must give what the undamaged file gave.
    private func flipEachByte<Result: Equatable>(of file: String, in range: Range<Int>,
                                                 read: () throws -> Result) throws -> Int {
        let intact = try read()
        var failures = 0
        for offset in range {
            try flipByte(at: offset, of: file)
            do {
                let damaged = try read()
                XCTAssertEqual(damaged, intact, "byte \(offset) of \(file) damaged, yet the read gave other contents")
            } catch {
                failures += 1
            }
            try flipByte(at: offset, of: file)
        }
        return failures
    }
}
