import CLibGit2

/// The SHA-1 name of a git object, kept as 40 lowercase hexadecimal digits.
public struct ObjectID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The 40 lowercase hexadecimal digits.
    public let hex: String

    /// Parses a full 40-digit hexadecimal object name (either case); nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy(Self.isHexDigit) else { return nil }
        self.hex = hex.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") }) ? hex.lowercased() : hex
    }

    /// Copies a libgit2 object id into a value: the digits `git_oid_fmt` writes, written straight into
    /// the string's storage (a crawl makes one for every tree entry it compares or lists).
    init(_ oid: git_oid) {
        hex = withUnsafeBytes(of: oid.id) { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { digits in
                for (index, byte) in raw.enumerated() {
                    digits[2 * index] = Self.hexDigit(byte >> 4)
                    digits[2 * index + 1] = Self.hexDigit(byte & 0x0F)
                }
                return raw.count * 2
            }
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// Copies the object id a libgit2 pointer refers to; nil for a null pointer.
    init?(_ pointer: UnsafePointer<git_oid>?) {
        guard let pointer else { return nil }
        self.init(pointer.pointee)
    }

    /// The libgit2 form of this id.
    var oid: git_oid {
        var oid = git_oid()
        // Cannot fail: `hex` was validated to be 40 hexadecimal digits.
        _ = git_oid_fromstrn(&oid, hex, 40)
        return oid
    }

    /// Whether this is the all-zero id git uses for "no object" (a branch that does not exist yet).
    var isZero: Bool { hex.utf8.allSatisfy { $0 == UInt8(ascii: "0") } }

    /// The first seven digits, as git abbreviates in messages.
    public var short: String { String(hex.prefix(7)) }

    /// The hexadecimal name.
    public var description: String { hex }

    /// Orders ids by their hexadecimal name, for deterministic output.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    /// Decodes from a single 40-digit hexadecimal string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected 40 hexadecimal digits, found '\(text)'")
        }
        self = id
    }

    /// Encodes as a single 40-digit hexadecimal string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
             UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }
}
