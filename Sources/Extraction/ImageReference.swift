/// A container image reference parsed and normalized per the OCI distribution reference grammar.
/// PLACEHOLDER: the full grammar lands with the ImageReference work.
public struct ImageReference: Sendable, Hashable, Codable {
    public var raw: String
    public var isValid: Bool
    public var invalidReason: String?
    public var registry: String?
    public var repository: String?
    public var tag: String?
    public var digest: String?
    public var normalized: String?

    public static func parse(_ text: String) -> ImageReference {
        ImageReference(raw: text, isValid: true, invalidReason: nil, registry: nil, repository: text,
                       tag: nil, digest: nil, normalized: text)
    }
}
