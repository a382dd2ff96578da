import ArgumentParser
import Extraction
import Foundation
import Reports

/// `census explain`: show how image references parse and normalize.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Parse and normalize image references (SPEC §4) and show what applies to them.")

    @Argument(help: "Image references, e.g. ubuntu:22.04.") var images: [String]
    @Option(help: "table (default on a terminal) or json.") var format: ListFormat?

    func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image reference") }
    }

    func run() throws {
        let parsed = images.map(ImageReference.parse)
        switch format ?? .automatic {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
            printOut(String(decoding: try encoder.encode(parsed.map(ExplainedImage.init)), as: UTF8.self))
        case .table:
            for image in parsed { printOut(ExplainedImage(image).text) }
        }
    }
}

/// The SPEC §5 fields of one explained reference.
struct ExplainedImage: Encodable {
    var raw: String
    var image: String?
    var resolved: Bool
    var valid: Bool
    var normalized: String?
    var registry: String?
    var repository: String?
    var tag: String?
    var digest: String?
    var reason: String?

    init(_ reference: ImageReference) {
        raw = reference.raw
        image = reference.raw
        resolved = true
        valid = reference.isValid
        normalized = reference.normalized
        registry = reference.registry
        repository = reference.repository
        tag = reference.tag
        digest = reference.digest
        reason = reference.invalidReason
    }

    enum CodingKeys: String, CodingKey {
        case raw, image, resolved, valid, normalized, registry, repository, tag, digest, reason
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(raw, forKey: .raw)
        try c.encode(image, forKey: .image)
        try c.encode(resolved, forKey: .resolved)
        try c.encode(valid, forKey: .valid)
        try c.encode(normalized, forKey: .normalized)
        try c.encode(registry, forKey: .registry)
        try c.encode(repository, forKey: .repository)
        try c.encode(tag, forKey: .tag)
        try c.encode(digest, forKey: .digest)
        try c.encode(reason, forKey: .reason)
    }

    var text: String {
        guard valid else { return "\(raw)\n  invalid: \(reason ?? "unknown reason")\n" }
        return """
        \(raw)
          normalized  \(normalized ?? "")
          registry    \(registry ?? "")
          repository  \(repository ?? "")
          tag         \(tag ?? "(none: pulls latest)")
          digest      \(digest ?? "(none)")

        """
    }
}
