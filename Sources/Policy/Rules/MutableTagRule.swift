/// `mutable-tag`: `latest` or no tag pulls whatever the registry holds at build time, so builds are not
/// reproducible and the image can change (or break) without any change to the repository.
public struct MutableTagRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.mutableTag
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.warning
    /// What the rule wants, in one sentence.
    public let summary = "Images should name an explicit tag (or digest), not 'latest' or nothing."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        let image = subject.image
        if image.isDigestPinned { return .passed(reason: "pinned to content by digest \(image.digest ?? "")") }
        guard image.isLatestOrUntagged else { return .passed(reason: "names the explicit tag '\(image.tag ?? "")'") }
        let how = image.tag == nil ? "has no tag, so it pulls 'latest'" : "uses the 'latest' tag"
        let replacement = subject.replacement
        return .violated(
            message: "'\(subject.shownImage)' \(how): the image can change under the build at any time. Pin a version tag.",
            suggestion: replacement,
            explanation: "'latest' is whatever was pushed last, so two builds of the same commit can run on different images, and a breaking base-image change arrives unannounced." + (replacement.map { " Suggested \($0.image): \($0.reason)." } ?? ""))
    }
}
