/// `deprecated-image`: the policy's `deprecated` list names images that must no longer be used.
public struct DeprecatedImageRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.deprecatedImage
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.error
    /// What the rule wants, in one sentence.
    public let summary = "Images the policy deprecates should be replaced."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        guard let deprecation = subject.policy.deprecated.first(where: { $0.match.matches(subject.image) }) else {
            return .passed(reason: "no deprecation entry matches")
        }
        let replacement = subject.replacement
        var message = "'\(subject.shownImage)' is deprecated: \(deprecation.reason)."
        if let replacement { message += " Move to \(replacement.image)." }
        return .violated(
            message: message,
            suggestion: replacement,
            explanation: "The policy deprecates '\(deprecation.match.text)' (\(subject.policy.file):\(deprecation.match.line))." + (replacement.map { " Suggested \($0.image): \($0.reason)." } ?? " The policy names no replacement."))
    }
}
