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
        // Serialized whole, then hashed in one pass: far cheaper than feeding the hasher field by field.
        var message = CanonicalBytes(capacity: 64 + path.utf8.count + references.count * 320 + warnings.count * 96)
        message.append(format)
        message.append(path)
        message.append(references.count)
        for reference in references {
            message.append(reference.line)
            message.append(reference.kind)
            message.append(reference.context)
            message.append(reference.raw)
            message.append(reference.image)
            message.append(reference.resolved)
            message.append(reference.valid)
            message.append(reference.normalized)
            message.append(reference.registry)
            message.append(reference.repository)
            message.append(reference.tag)
            message.append(reference.digest)
            message.append(reference.reason)
        }
        message.append(warnings.count)
        for warning in warnings {
            message.append(warning.line)
            message.append(warning.message)
        }
        return SHA256.hex(message.bytes)
    }
}

/// The serialization's encodings of strings, integers, booleans and optionals.
private struct CanonicalBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ value: Int) {
        withUnsafeBytes(of: Int64(value).bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func append(_ value: String) {
        append(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func append(_ value: String?) {
        append(value != nil)
        if let value { append(value) }
    }

    mutating func append(_ value: Int?) {
        append(value != nil)
        if let value { append(value) }
    }
}
