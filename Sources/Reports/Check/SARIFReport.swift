import Extraction
import Foundation
import Policy

/// Writes check results as SARIF 2.1.0 (OASIS), the format code-scanning services ingest.
///
/// One run with the `census` driver and every policy rule as a reporting descriptor; one result per
/// finding, located at the reference's file and line (relative to `%SRCROOT%`), with the suggested
/// replacement and the explanation in the result's properties and a stable partial fingerprint so a
/// finding keeps its identity across commits.
public struct SARIFReport {
    /// The census version written as the driver's version.
    public var toolVersion: String
    /// The policy the results come from.
    public var policy: PolicyDocument
    /// Where the checked working tree is, written as `%SRCROOT%`; `nil` leaves it for the consumer.
    public var sourceRoot: URL?

    /// A writer.
    public init(toolVersion: String, policy: PolicyDocument, sourceRoot: URL? = nil) {
        self.toolVersion = toolVersion
        self.policy = policy
        self.sourceRoot = sourceRoot
    }

    /// The SARIF log of `results`, pretty-printed JSON with sorted keys.
    public func render(_ results: [CheckedReference]) throws -> Data {
        let rules = PolicyEvaluator.allRules
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let descriptors = rules.map { rule in
            Log.Rule(id: rule.id.rawValue, name: Self.pascalCase(rule.id.rawValue),
                     shortDescription: .init(text: rule.summary),
                     defaultConfiguration: .init(level: Self.level(policy.severity(of: rule.id, default: rule.defaultSeverity)),
                                                 enabled: policy.severity(of: rule.id, default: rule.defaultSeverity) != nil),
                     helpUri: "https://github.com/dotnet/dotnet-buildtools-prereqs-docker")
        }
        var sarifResults: [Log.Result] = []
        for checked in results {
            let reference = checked.reference
            for finding in checked.findings {
                let region = reference.line >= 1 ? Log.Region(startLine: reference.line) : nil
                let location = Log.Location(physicalLocation: .init(
                    artifactLocation: .init(uri: Self.relativeURI(reference.path), uriBaseId: "%SRCROOT%"),
                    region: region))
                let fingerprint = StableHash.of([finding.rule.rawValue, reference.path, reference.kind,
                                                 reference.image ?? reference.raw].joined(separator: "\u{1F}")).hex
                sarifResults.append(Log.Result(
                    ruleId: finding.rule.rawValue,
                    ruleIndex: ruleIndex[finding.rule] ?? 0,
                    level: Self.level(finding.severity),
                    message: .init(text: finding.message),
                    locations: [location],
                    partialFingerprints: ["censusFinding/v1": fingerprint],
                    properties: .init(image: reference.image ?? reference.raw, kind: reference.kind,
                                      suggestion: finding.suggestion, explanation: finding.explanation)))
            }
        }
        let baseIDs = sourceRoot.map { root -> [String: Log.ArtifactLocationBase] in
            let uri = root.absoluteURL.absoluteString
            return ["%SRCROOT%": .init(uri: uri.hasSuffix("/") ? uri : uri + "/")]
        }
        let log = Log(
            schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0",
            runs: [Log.Run(
                tool: .init(driver: .init(name: "census", version: toolVersion,
                                          informationUri: "https://github.com/dotnet/dotnet-buildtools-prereqs-docker",
                                          rules: descriptors)),
                originalUriBaseIds: baseIDs,
                results: sarifResults,
                properties: .init(policyHash: policy.hash))])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(log)
    }

    /// SARIF's result level for a severity; `none` for a rule the policy turns off.
    static func level(_ severity: Severity?) -> String {
        severity?.rawValue ?? "none"
    }

    /// `non-standard-image` → `NonStandardImage`.
    static func pascalCase(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A repository-relative path as a relative URI reference (spaces and the like percent-encoded).
    static func relativeURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    /// The subset of the SARIF 2.1.0 object model census writes.
    struct Log: Encodable {
        var schema: String
        var version: String
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }

        struct Run: Encodable {
            var tool: Tool
            var originalUriBaseIds: [String: ArtifactLocationBase]?
            var results: [Result]
            var properties: RunProperties
        }

        struct RunProperties: Encodable {
            var policyHash: String
        }

        struct Tool: Encodable {
            var driver: Driver
        }

        struct Driver: Encodable {
            var name: String
            var version: String
            var informationUri: String
            var rules: [Rule]
        }

        struct Rule: Encodable {
            var id: String
            var name: String
            var shortDescription: Text
            var defaultConfiguration: Configuration
            var helpUri: String
        }

        struct Configuration: Encodable {
            var level: String
            var enabled: Bool
        }

        struct Text: Encodable {
            var text: String
        }

        struct Result: Encodable {
            var ruleId: String
            var ruleIndex: Int
            var level: String
            var message: Text
            var locations: [Location]
            var partialFingerprints: [String: String]
            var properties: ResultProperties
        }

        struct ResultProperties: Encodable {
            var image: String
            var kind: String
            var suggestion: String?
            var explanation: String
        }

        struct Location: Encodable {
            var physicalLocation: PhysicalLocation
        }

        struct PhysicalLocation: Encodable {
            var artifactLocation: ArtifactLocation
            var region: Region?
        }

        struct ArtifactLocation: Encodable {
            var uri: String
            var uriBaseId: String
        }

        struct ArtifactLocationBase: Encodable {
            var uri: String
        }

        struct Region: Encodable {
            var startLine: Int
        }
    }
}
