import ArgumentParser
import Extraction
import Foundation
import Policy
import Reports

/// `census explain`: show how image references parse and normalize.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Parse and normalize image references (docs/output.md) and show what applies to them.")

    @Argument(help: ArgumentHelp("Image references, e.g. ubuntu:22.04.", valueName: "image")) var images: [String]
    @Option(help: ArgumentHelp("How to print the results. (default: table on a terminal, json when piped)", valueName: "format")) var format: ListFormat?
    @OptionGroup var policy: PolicyOption
    @Option(name: .customLong("db"), help: ArgumentHelp("The inventory database holding catalogs.", valueName: "path"))
    var db: String = "census.sqlite"

    func validate() throws {
        if images.isEmpty { throw ValidationError("give at least one image reference") }
    }

    func run() throws {
        var explained = images.enumerated().map { ExplainedImage.make(argument: $0.offset + 1, text: $0.element) }
        if let document = try policy.load() {
            // With a policy, every rule's verdict and the findings that would apply (docs/cli.md).
            let catalogs = try CheckCommand.catalogs(for: document, databasePath: db)
            let evaluator = PolicyEvaluator(policy: document)
            let now = Date()
            for index in explained.indices {
                explained[index].outcomes = evaluator.explain(reference: explained[index].reference, catalogs: catalogs, now: now)
                explained[index].endOfLife = evaluator.endOfLife(reference: explained[index].reference, catalogs: catalogs, now: now)
            }
        }
        switch format ?? .automatic {
        case .json:
            printOut(try JSONOutput.string(explained))
        case .table:
            for image in explained { printOut(image.text) }
        }
    }
}

/// One explained reference: the reference fields (docs/output.md), located at its position on the command line.
struct ExplainedImage: Encodable {
    var reference: Reference
    /// Every rule's verdict, when a policy was given.
    var outcomes: [RuleOutcome]?
    /// Which source decides the end of life (the registry's lifecycle annotation or the OS table), when a
    /// policy was given.
    var endOfLife: EndOfLifeVerdict?

    enum CodingKeys: String, CodingKey { case findings, endOfLife }

    /// The reference given as the `argument`-th image on the command line.
    static func make(argument: Int, text: String) -> ExplainedImage {
        let fact = ReferenceFact(line: argument, kind: "argument", raw: text, value: .literal(text))
        return ExplainedImage(reference: Reference(path: "(command line)", fact: fact, image: text, unresolvedReason: nil))
    }

    func encode(to encoder: any Encoder) throws {
        try reference.encode(to: encoder)
        if let outcomes {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(outcomes.compactMap(\.finding), forKey: .findings)
            try container.encodeIfPresent(endOfLife, forKey: .endOfLife)
        }
    }

    var text: String {
        let ref = reference
        guard ref.valid else { return "\(ref.raw)\n  invalid: \(ref.reason ?? "unknown reason")\n" }
        return """
        \(ref.raw)
          normalized  \(ref.normalized ?? "")
          registry    \(ref.registry ?? "")
          repository  \(ref.repository ?? "")
          tag         \(ref.tag ?? (ref.digest == nil ? "(none: pulls latest)" : "(none)"))
          digest      \(ref.digest ?? "(none)")

        """ + (endOfLife.map { "  end of life \($0.date.map { "\($0): " } ?? "")\($0.reason)\n\n" } ?? "")
            + (outcomes.map { CheckListing.verdicts($0) + "\n" } ?? "")
    }
}
