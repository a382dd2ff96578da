import CLibGit2
import Foundation
import Git
import TestSupport
import XCTest

/// Damaged objects fail to read instead of yielding other contents. A packed object is a zlib stream
/// whose Adler-32 zlib checks, and libgit2 checks its inflated size; a loose object is inflated by
/// libgit2 1.5 without the Adler-32 check, so only re-hashing it catches every damaged byte: the
/// backend `LooseObjectVerification` adds for the objects folder and each alternate (without it the
/// loose tests fail, libgit2's own strict hash verification being off).
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
        try assertEveryByteFails(of: fixture.looseObjectPath(blob), "the loose blob") {
            try Repository.open(at: fixture.path).readBlob(blob, maxSize: 1 << 20)
        }
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

    func testEveryByteOfALooseTreeDamagedFailsTheWalk() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "loose-tree.git")
        let commit = try fixture.commit(texts: ["Dockerfile": dockerfile, "deploy/app.yaml": "image: nginx:1.27\n"])
        let tree = try fixture.repository.commitInfo(commit).tree
        try assertEveryByteFails(of: fixture.looseObjectPath(tree), "the loose tree") {
            try Repository.open(at: fixture.path).walkTree(tree) { _ in true }
        }
    }

    /// A repository borrowing objects from another (`objects/info/alternates`, as `git clone --shared`
    /// leaves it): a loose object read from the alternate is checked too, whether the alternate is
    /// named by its absolute path or relative to the borrower's objects folder.
    func testEveryByteOfALooseBlobInAnAlternateDamagedFailsTheRead() throws {
        for relative in [false, true] {
            let scratch = try ScratchDirectory()
            let lender = try GitFixture(in: scratch, named: "lender.git")
            let blob = try committedBlob(in: lender)
            let borrower = try GitFixture(in: scratch, named: "borrower.git")
            let alternate = relative ? "../../lender.git/objects" : lender.path + "/objects"
            try FileManager.default.createDirectory(atPath: borrower.path + "/objects/info", withIntermediateDirectories: true)
            try ("# borrowed objects\n\n" + alternate + "\n").write(toFile: borrower.path + "/objects/info/alternates",
                                                                  atomically: true, encoding: .utf8)
            try assertEveryByteFails(of: lender.looseObjectPath(blob), "the alternate's loose blob (relative: \(relative))") {
                try Repository.open(at: borrower.path).readBlob(blob, maxSize: 1 << 20)
            }
        }
    }

    /// A damaged loose object is reported as such: libgit2's object error, which names both ids.
    func testALooseObjectThatHashesToAnotherIDSaysSo() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "mismatch.git")
        let blob = try committedBlob(in: fixture)
        let other = try fixture.repository.writeBlob(Array("FROM alpine:3.20\n".utf8))
        // The loose file of another blob, stored under this blob's id: it inflates cleanly.
        let file = fixture.looseObjectPath(blob)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.copyItem(atPath: fixture.looseObjectPath(other), toPath: file)

        XCTAssertThrowsError(try Repository.open(at: fixture.path).readBlob(blob, maxSize: 1 << 20)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("hash mismatch") && message.contains(blob.hex) && message.contains(other.hex),
                          message)
            XCTAssertNotNil((error as? GitError)?.localDamage, "a damaged object is local damage: \(error)")
        }
    }

    /// libgit2 1.5 copies what follows a loose object's header into a buffer of the size the header
    /// states: a header stating fewer bytes wrote past it (the process aborted, `free(): invalid next
    /// size`). Such a file now fails its read, for the objects folder and for an alternate.
    func testALooseObjectWhoseHeaderStatesTooFewBytesFailsTheRead() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "crafted.git")
        let blob = try committedBlob(in: fixture)
        let file = fixture.looseObjectPath(blob)
        // Headers libgit2 parses (its own header check turns away a missing size or an unknown type).
        for header in ["blob 1\0", "blob 01\0", "blob +9\0", "blob 9 \0"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            try Data(Self.zlibStored(Array(header.utf8) + Array(repeating: UInt8(ascii: "x"), count: 200)))
                .write(to: URL(fileURLWithPath: file))
            XCTAssertThrowsError(try Repository.open(at: fixture.path).readBlob(blob, maxSize: 1 << 20), header) { error in
                XCTAssertTrue("\(error)".contains("loose object \(blob.hex) is damaged"), "\(header): \(error)")
            }
        }
        // The same bytes with a true header read back (and fail only the id check).
        try Data(Self.zlibStored(Array("blob 200\0".utf8) + Array(repeating: UInt8(ascii: "x"), count: 200)))
            .write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try Repository.open(at: fixture.path).readBlob(blob, maxSize: 1 << 20)) { error in
            XCTAssertTrue("\(error)".contains("hash mismatch"), "\(error)")
        }
    }

    /// `bytes` as a zlib stream of one stored (uncompressed) block, as a loose object file holds it,
    /// after `emptyBlocks` empty stored blocks (5 bytes each that inflate to nothing).
    private static func zlibStored(_ bytes: [UInt8], emptyBlocks: Int = 0) -> [UInt8] {
        precondition(bytes.count < 65_536)
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        let length = UInt16(bytes.count), adler = b << 16 | a
        let empty: [UInt8] = [0x00, 0x00, 0x00, 0xFF, 0xFF]
        return [0x78, 0x01] + Array((0..<emptyBlocks).map { _ in empty }.joined())
            + [0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            + bytes + [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
    }

    /// The header check reads the first 4 KiB of a loose file; a header that needs more of the file to
    /// inflate (here after 5,000 bytes of empty blocks) is checked on the whole file and reads as stored.
    func testALooseObjectWhoseHeaderLiesPastTheFirstBytesReadsBack() throws {
        let scratch = try ScratchDirectory()
        let fixture = try GitFixture(in: scratch, named: "padded.git")
        let commit = try fixture.commit(texts: ["Dockerfile": dockerfile, "deploy/app.yaml": "image: nginx:1.27\n"])
        let tree = try fixture.repository.commitInfo(commit).tree
        let intact = try Repository.open(at: fixture.path).walkTree(tree) { _ in true }
        let content = try Self.gitOutput(["-C", fixture.path, "cat-file", "tree", tree.hex])
        let file = fixture.looseObjectPath(tree)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let padded = Self.zlibStored(Array("tree \(content.count)\0".utf8) + content, emptyBlocks: 1_000)
        XCTAssertGreaterThan(padded.count, 5_000)
        try Data(padded).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try Repository.open(at: fixture.path).walkTree(tree) { _ in true }, intact)

        // The check itself: on the first 4 KiB it asks for more, on the whole file it passes.
        XCTAssertEqual(census_loose_header_is_safe(padded, 4_096, 0), 2)
        XCTAssertEqual(census_loose_header_is_safe(padded, padded.count, 1), 1)
    }

    /// What `git` prints for `arguments`, as bytes.
    private static func gitOutput(_ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "git \(arguments)")
        return Array(data)
    }

    private func committedBlob(in fixture: GitFixture) throws -> ObjectID {
        let commit = try fixture.commit(texts: ["Dockerfile": dockerfile])
        let tree = try fixture.repository.commitInfo(commit).tree
        return try XCTUnwrap(fixture.repository.entryID(atPath: "Dockerfile", inTree: tree))
    }

    /// Damages each byte of the whole of `file` in turn (`flipEachByte`): every damaged byte must fail `read`.
    private func assertEveryByteFails<Result: Equatable>(of file: String, _ what: String,
                                                        read: () throws -> Result) throws {
        let length = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        XCTAssertEqual(try flipEachByte(of: file, in: 0..<length, read: read), length, "every damaged byte of \(what) fails")
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
