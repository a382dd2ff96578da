import Extraction

/// The content address of a file scan: the lower-case hex SHA-256 of a canonical serialization of one
/// file's resolved references and warnings (`docs/schema.md`, "How files are shared").
///
/// The serialization is unambiguous: a format tag, then every string as its UTF-8 byte count (8 bytes,
/// big-endian) and bytes, every integer as 8 bytes big-endian, every boolean as one byte, every
/// optional as a `0` byte when `nil` or a `1` byte and its value (so `nil` differs from `""`), and each
/// list as its count followed by its elements in the order given. The extractors and the branch
/// resolver are deterministic, so the same file resolved the same way yields the same order.
enum FileScanDigest {
    /// Names the serialization below; a change to it must change this tag.
    static let format = "census-file-scan-1"

    /// The digest of the file `path` with `references` and `warnings` (all at `path`).
    static func digest<References: Collection<Reference>, Warnings: Collection<FileWarning>>(
        path: String, references: References, warnings: Warnings
    ) -> String {
        var hasher = SHA256()
        hasher.write(format)
        hasher.write(path)
        hasher.write(references.count)
        for reference in references {
            hasher.write(reference.line)
            hasher.write(reference.kind)
            hasher.write(reference.context)
            hasher.write(reference.raw)
            hasher.write(reference.image)
            hasher.write(reference.resolved)
            hasher.write(reference.valid)
            hasher.write(reference.normalized)
            hasher.write(reference.registry)
            hasher.write(reference.repository)
            hasher.write(reference.tag)
            hasher.write(reference.digest)
            hasher.write(reference.reason)
        }
        hasher.write(warnings.count)
        for warning in warnings {
            hasher.write(warning.line)
            hasher.write(warning.message)
        }
        return hasher.finalizeHex()
    }
}

private extension SHA256 {
    mutating func write(_ value: Int) {
        withUnsafeBytes(of: Int64(value).bigEndian) { update($0) }
    }

    mutating func write(_ value: Bool) {
        withUnsafeBytes(of: UInt8(value ? 1 : 0)) { update($0) }
    }

    mutating func write(_ value: String) {
        write(value.utf8.count)
        update(utf8: value)
    }

    mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write(_ value: Int?) {
        write(value != nil)
        if let value { write(value) }
    }
}
