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

    /// Raised whenever a rule judges differently for the same inputs (a new rule, a changed message): a
    /// stored evaluation of another revision is never reused.
    public static let revision = 1

    /// The evaluator's own version, stored with every evaluation: its revision, its rules and census's
    /// end-of-life table, so a change to any of them makes the next crawl judge again.
    public static let version: String = {
        var text = "revision \(revision)\nrules \(allRules.map(\.id.rawValue).joined(separator: ","))\n"
        for release in EndOfLifeTable.releases {
            text += "\(release.os.rawValue) \(release.version) \(release.codename ?? "-") \(release.endOfLife ?? "-")\n"
        }
        return "evaluator \(revision) (\(StableHash.of(text).hex))"
    }()

    /// The findings for one usage.
    public func evaluate(reference: Reference, catalogs: CatalogSnapshot, now: Date) -> [Finding] {
        explain(reference: reference, catalogs: catalogs, now: now).compactMap(\.finding)
    }

    /// The findings for one usage, and the earliest instant after `now` at which a rule that reports could
    /// judge it differently only because time passed (`PolicyRule.changesAfter`); `nil` when none could.
    /// End-of-life days are not included: `EvaluationHorizon` watches them for every usage.
    public func evaluateWithChange(reference: Reference, catalogs: CatalogSnapshot,
                                   now: Date) -> (findings: [Finding], changesAt: Date?) {
        var changesAt: Date?
        let outcomes = judge(reference: reference, catalogs: catalogs, now: now) { rule, subject, check, reports in
            guard reports, let instant = rule.changesAfter(subject, judged: check) else { return }
            changesAt = changesAt.map { min($0, instant) } ?? instant
        }
        return (outcomes.compactMap(\.finding), changesAt)
    }

    /// Every rule's verdict on one usage, with its reason (for `census explain`).
    public func explain(reference: Reference, catalogs: CatalogSnapshot, now: Date) -> [RuleOutcome] {
        judge(reference: reference, catalogs: catalogs, now: now) { _, _, _, _ in }
    }

    /// Every rule's verdict; `checked` sees each rule that judged the usage, with whether the policy
    /// reports its violations (a rule turned off never changes a finding).
    private func judge(reference: Reference, catalogs: CatalogSnapshot, now: Date,
                       checked: (any PolicyRule, RuleSubject, RuleCheck, Bool) -> Void) -> [RuleOutcome] {
        if reference.role == .localBuild {
            // Built here, not pulled: its own Dockerfile's FROM lines are the usages to judge.
            let reason = "a local build (\(reference.reason ?? reference.raw)), not a pulled image"
            return rules.map { RuleOutcome(rule: $0.id, check: .notApplicable(reason: reason), finding: nil) }
        }
        let subject = RuleSubject(reference: reference, policy: policy, catalogs: catalogs, now: now)
        let isDownload = reference.role == .download
        return rules.map { rule in
            // A download's URL is no image: only the download rule judges it, and the download rule nothing else.
            if isDownload != (rule.id == .unverifiedDownload) {
                let reason = isDownload ? "a download (\(reference.image ?? reference.raw)), not an image" : "not a download"
                return RuleOutcome(rule: rule.id, check: .notApplicable(reason: reason), finding: nil)
            }
            let check = rule.check(subject)
            let severity = policy.severity(of: rule.id, default: rule.defaultSeverity(for: subject))
            checked(rule, subject, check, severity != nil)
            guard case .violated(let message, let suggestion, let explanation) = check, let severity else {
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
