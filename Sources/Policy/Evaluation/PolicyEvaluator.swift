import Extraction
import Foundation

/// Judges image usages against a policy and catalogs: a pure function of its inputs.
public struct PolicyEvaluator: Sendable {
    /// Every rule, in the order findings are reported.
    public static let allRules: [any PolicyRule] = [
        UnresolvedReferenceRule(), NonStandardImageRule(), UnapprovedBaseImageRule(), DeprecatedImageRule(),
        EndOfLifeOSRule(), EndOfLifeImageRule(), EndOfLifeSoonRule(),
        RemovedTagRule(), UnknownTagRule(), OutdatedTagRule(), MutableTagRule(),
        UnverifiedDownloadRule(),
    ]

    /// The policy applied.
    public let policy: PolicyDocument
    /// The rules applied.
    public let rules: [any PolicyRule]

    /// An evaluator of `policy` with every rule.
    public init(policy: PolicyDocument, rules: [any PolicyRule] = PolicyEvaluator.allRules) {
        self.policy = policy
        self.rules = rules
    }

    /// The findings for one usage.
    public func evaluate(reference: Reference, catalogs: CatalogSnapshot, now: Date) -> [Finding] {
        explain(reference: reference, catalogs: catalogs, now: now).compactMap(\.finding)
    }

    /// Every rule's verdict on one usage, with its reason (for `census explain`).
    public func explain(reference: Reference, catalogs: CatalogSnapshot, now: Date) -> [RuleOutcome] {
        if reference.role == .localBuild {
            // Built here, not pulled: its own Dockerfile's FROM lines are the usages to judge.
            let reason = "a local build (\(reference.reason ?? reference.raw)), not a pulled image"
            return rules.map { RuleOutcome(rule: $0.id, check: .notApplicable(reason: reason), finding: nil) }
        }
        let subject = RuleSubject(reference: reference, policy: policy, catalogs: catalogs, now: now)
        let isDownload = reference.role == .download
        return rules.map { rule in
            // A download's URL is no image: only the download rule judges it, and the download rule nothing else.
            let check: RuleCheck = if isDownload != (rule.id == .unverifiedDownload) {
                .notApplicable(reason: isDownload ? "a download (\(reference.image ?? reference.raw)), not an image" : "not a download")
            } else {
                rule.check(subject)
            }
            guard case .violated(let message, let suggestion, let explanation) = check,
                  let severity = policy.severity(of: rule.id, default: rule.defaultSeverity(for: subject)) else {
                return RuleOutcome(rule: rule.id, check: check, finding: nil)
            }
            let finding = Finding(rule: rule.id, severity: severity, message: message,
                                  suggestion: suggestion?.image, explanation: explanation)
            return RuleOutcome(rule: rule.id, check: check, finding: finding)
        }
    }

    /// Which source decides the end of life of one usage (for `census explain`); `nil` for a local build or
    /// a download.
    public func endOfLife(reference: Reference, catalogs: CatalogSnapshot, now: Date) -> EndOfLifeVerdict? {
        guard reference.role != .localBuild, reference.role != .download else { return nil }
        return RuleSubject(reference: reference, policy: policy, catalogs: catalogs, now: now).endOfLife
    }

    /// A usage standing for an image named on the command line (`census explain IMAGE`).
    public static func reference(forImage image: String) -> Reference {
        Reference(path: "", fact: ReferenceFact(line: 0, kind: "explain/image", raw: image, value: .literal(image)),
                  image: image, unresolvedReason: nil)
    }

    /// The rule with `id`.
    public static func rule(_ id: RuleID) -> (any PolicyRule)? {
        allRules.first { $0.id == id }
    }
}
