import Extraction
import Foundation

/// Prints references (docs/output.md) as JSON for programs or as a table for people.
public enum ReferenceListing {
    /// The JSON array of docs/output.md, pretty-printed, fields in contract order.
    public static func json(_ references: [Reference]) throws -> String {
        try JSONOutput.string(references)
    }

    /// One row per reference: location, kind, image (or why there is none).
    public static func table(_ references: [Reference]) -> String {
        if references.isEmpty { return "no image references found\n" }
        let rows = references.map { ref in
            [
                "\(ref.path):\(ref.line)",
                ref.kind,
                imageColumn(ref),
                ref.context ?? "",
            ]
        }
        return TextTable(headers: ["LOCATION", "KIND", "IMAGE", "CONTEXT"], rows: rows).render()
            + "\(references.count.counted("reference"))\n"
    }

    /// The normalized image, or the raw text with the reason it is unresolved or invalid.
    public static func imageColumn(_ ref: Reference) -> String {
        if ref.role == .localBuild {
            return ref.image.map { "\($0)  (a local build's name)" } ?? "\(ref.raw)  (\(ref.reason ?? "built locally"))"
        }
        if ref.role == .download { return "\(ref.image ?? ref.raw)  (a download, not an image)" }
        if let normalized = ref.normalized, ref.valid { return normalized }
        if !ref.resolved { return "\(ref.raw)  (unresolved: \(ref.reason ?? "unknown"))" }
        return "\(ref.image ?? ref.raw)  (invalid: \(ref.reason ?? "unknown"))"
    }
}
