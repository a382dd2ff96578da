/// The bytes of a blob, or its size when it is larger than the caller allows.
public enum BlobContent: Sendable, Hashable {
    /// The whole content.
    case bytes([UInt8])
    /// The blob was not read because it exceeds the size limit.
    case tooLarge(size: Int)
}
