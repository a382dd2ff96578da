import Foundation

/// One policy rule: a stable id, a default severity, a description, and a pure check of one usage.
public protocol PolicyRule: Sendable {
    /// The stable id (docs/policy.md).
    var id: RuleID { get }
    /// The severity when the policy does not override it.
    var defaultSeverity: Severity { get }
    /// One sentence saying what the rule wants, for SARIF rule metadata and `census explain`.
    var summary: String { get }
    /// Judges the usage described by `subject`.
    func check(_ subject: RuleSubject) -> RuleCheck
    /// The severity of a violation by `subject` when the policy does not override it (`defaultSeverity`
    /// unless a rule knows some usages are worse).
    func defaultSeverity(for subject: RuleSubject) -> Severity
    /// The earliest instant after `subject.now` at which the rule could judge `subject` differently (its
    /// verdict or the words of its finding) only because time passed, given that it judged it `check`
    /// now; `nil` when time alone changes nothing. End-of-life days (the OS release table's, a registry
    /// lifecycle's) need not be named: every evaluation watches them (`EvaluationHorizon`).
    func changesAfter(_ subject: RuleSubject, judged check: RuleCheck) -> Date?
}

extension PolicyRule {
    /// `defaultSeverity` for every usage.
    public func defaultSeverity(for subject: RuleSubject) -> Severity { defaultSeverity }

    /// Time alone changes nothing.
    public func changesAfter(_ subject: RuleSubject, judged check: RuleCheck) -> Date? { nil }
}
