import Foundation

/// The one way `census` writes JSON: pretty, keys sorted (stable output that diffs cleanly), slashes as is.
public enum JSONOutput {
    /// Encodes `value` as the project's JSON text, ending in a newline.
    public static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
