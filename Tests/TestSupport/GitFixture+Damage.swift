import Foundation
import Git

extension GitFixture {
    /// Where one object lies in the repository's single pack file, after `packEverything()`.
    public struct PackedObject {
        /// The pack file.
        public var pack: String
        /// The offset of the object's entry (its type-and-size header) in the pack.
        public var offset: Int
        /// The bytes the entry takes in the pack: header, delta base if any, compressed data.
        public var length: Int
    }

    /// Repacks every object into one pack file with no deltas and no loose objects left.
    public func packEverything() throws {
        _ = try git(["repack", "-a", "-d", "-q", "--window=0"])
    }

    /// Where `id` lies in the single pack `packEverything()` wrote (from `git verify-pack -v`).
    public func packedObject(_ id: ObjectID) throws -> PackedObject {
        let folder = path + "/objects/pack"
        guard let index = try FileManager.default.contentsOfDirectory(atPath: folder).first(where: { $0.hasSuffix(".idx") }) else {
            throw GitFixtureError.git(arguments: "repack", message: "no pack index in \(folder)")
        }
        let listing = try git(["verify-pack", "-v", folder + "/" + index])
        for line in listing.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, fields[0] == id.hex,
                  let length = Int(fields[3]), let offset = Int(fields[4]) else { continue }
            return PackedObject(pack: folder + "/" + index.dropLast(4) + ".pack", offset: offset, length: length)
        }
        throw GitFixtureError.git(arguments: "verify-pack", message: "object \(id.hex) is not in \(index)")
    }

    /// The path of `id`'s loose object file.
    public func looseObjectPath(_ id: ObjectID) -> String {
        path + "/objects/" + id.hex.prefix(2) + "/" + id.hex.dropFirst(2)
    }
}

/// Flips bits of one byte of a file in place (the file may be read-only, as git leaves packs).
public func flipByte(at offset: Int, of file: String, mask: UInt8 = 0x5A) throws {
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
    bytes[offset] ^= mask
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
    try Data(bytes).write(to: URL(fileURLWithPath: file))
}
