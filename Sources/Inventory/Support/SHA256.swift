import CLibCrypto

/// SHA-256 (FIPS 180-4) by OpenSSL, which uses the processor's SHA instructions where it has them:
/// file scans are content-addressed by it. A message fed in pieces is collected and hashed at the
/// end (the messages hashed here are at most a few megabytes).
struct SHA256 {
    /// The message so far.
    private var message: [UInt8] = []

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        message.append(contentsOf: bytes)
    }

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: [UInt8]) {
        message.append(contentsOf: bytes)
    }

    /// The 32-byte digest of the message.
    func finalize() -> [UInt8] {
        Self.digest(message)
    }

    /// The digest as 64 lower-case hex digits.
    func finalizeHex() -> String {
        Self.hexDigits(finalize())
    }

    /// The lower-case hex SHA-256 of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        hexDigits(digest(bytes))
    }

    /// The 32-byte SHA-256 of `bytes`. OpenSSL fails only when it cannot allocate its context.
    private static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let done = bytes.withUnsafeBytes { raw in
            digest.withUnsafeMutableBufferPointer { census_sha256(raw.baseAddress, raw.count, $0.baseAddress) == 1 }
        }
        precondition(done, "OpenSSL could not compute a SHA-256 (out of memory)")
        return digest
    }

    /// `digest` as lower-case hex digits.
    private static func hexDigits(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
