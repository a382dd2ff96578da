/// `unresolved-reference`: an image the branch does not determine (a runtime macro, an ARG without a
/// default) or that is not a valid reference cannot be judged by any other rule.
public struct UnresolvedReferenceRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.unresolvedReference
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.note
    /// What the rule wants, in one sentence.
    public let summary = "Image references should be resolvable within the repository and valid, so they can be governed."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        let reference = subject.reference
        guard reference.resolved else {
            let reason = reference.reason ?? "its value is only known when the pipeline runs"
            return .violated(
                message: "'\(reference.raw)' cannot be resolved within the branch: \(reason).",
                suggestion: nil,
                explanation: "census resolves variables, aliases and template parameters defined in the same branch. This value is decided elsewhere (at queue time, by a build argument or an outside template), so no other rule can judge the image. Write the image in the repository, or give the variable a default there.")
        }
        guard reference.valid else {
            return .violated(
                message: "'\(reference.image ?? reference.raw)' is not a valid image reference: \(reference.reason ?? "it does not follow the reference grammar").",
                suggestion: nil,
                explanation: "Docker and every registry would refuse this name, so the step using it fails or never runs. Fix the reference.")
        }
        return .passed(reason: "resolves to \(reference.normalized ?? reference.image ?? reference.raw)")
    }
}
