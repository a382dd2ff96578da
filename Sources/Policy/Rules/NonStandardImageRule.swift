/// `non-standard-image`: images should come from the repositories the policy lists as standard.
/// Dockerfile base images are judged by `unapproved-base-image` instead, so a `FROM` gets one finding.
public struct NonStandardImageRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.nonStandardImage
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.warning
    /// What the rule wants, in one sentence.
    public let summary = "Images should come from the standard repositories the policy lists."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        guard subject.reference.kind != "dockerfile/from" else {
            return .notApplicable(reason: "Dockerfile base images are judged by unapproved-base-image")
        }
        let policy = subject.policy
        if subject.reference.role == .frontend { return Self.checkFrontend(subject) }
        guard !policy.standard.isEmpty else { return .notApplicable(reason: "the policy lists no standard images") }
        if let pattern = policy.standard.first(where: { $0.matches(subject.image) }) {
            return .passed(reason: "matches the standard '\(pattern.text)'")
        }
        if let pattern = policy.approvedBaseImages.first(where: { $0.matches(subject.image) }) {
            return .passed(reason: "matches the approved base image '\(pattern.text)'")
        }
        let standard = policy.standard.map(\.text).joined(separator: ", ")
        return .violated(
            message: "'\(subject.shownImage)' is not a standard image. Use an image from: \(standard).",
            suggestion: nil,
            explanation: "Standard images are maintained, patched and scanned by the platform team; other images are not, and each one is another supply chain to trust. The policy's standard list: \(standard).")
    }

    /// A `# syntax=` frontend parses the Dockerfile; it is not a product image, so the policy's
    /// `allowedFrontends` (default `docker/dockerfile`) judge it, not the standard list.
    static func checkFrontend(_ subject: RuleSubject) -> RuleCheck {
        let allowed = subject.policy.allowedFrontends
        if let pattern = allowed.first(where: { $0.matches(subject.image) }) {
            return .passed(reason: "an allowed build frontend ('\(pattern.text)')")
        }
        let list = allowed.isEmpty ? "none" : allowed.map(\.text).joined(separator: ", ")
        return .violated(
            message: "'\(subject.shownImage)' is not an allowed Dockerfile frontend. Allowed frontends: \(list).",
            suggestion: nil,
            explanation: "The frontend named by '# syntax=' runs inside every build of this Dockerfile and decides what its instructions do; the policy's allowedFrontends lists the ones the platform trusts: \(list).")
    }
}
