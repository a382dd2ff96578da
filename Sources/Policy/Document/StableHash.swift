/// A stable 64-bit FNV-1a hash, identical on every platform and run (unlike `Hasher`).
///
/// Used to fingerprint the canonical form of a policy, so findings stored per run record which policy
/// judged them. Not a cryptographic hash: it detects change, it does not resist tampering.
public struct StableHash: Sendable {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The running state.
    public private(set) var value: UInt64 = Self.offsetBasis

    /// A hash of nothing yet.
    public init() {}

    /// Mixes in `bytes`.
    public mutating func combine<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* Self.prime
        }
    }

    /// The hash of the UTF-8 bytes of `text`.
    public static func of(_ text: String) -> StableHash {
        var hash = StableHash()
        hash.combine(text.utf8)
        return hash
    }

    /// Sixteen lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
