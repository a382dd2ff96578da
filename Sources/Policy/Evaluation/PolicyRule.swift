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
}
