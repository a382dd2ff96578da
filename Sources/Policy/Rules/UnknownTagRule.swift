import Extraction

/// `unknown-tag`: a standard repository's catalog has never defined this tag (a typo, a private build,
/// or a tag published outside the standard process).
public struct UnknownTagRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.unknownTag
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.warning
    /// What the rule wants, in one sentence.
    public let summary = "Tags of standard repositories should be ones the catalog defines."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        guard let catalog = subject.catalog else { return .notApplicable(reason: "no catalog covers this repository") }
        guard let tag = subject.image.tag, subject.image.digest == nil else {
            return .notApplicable(reason: subject.image.digest != nil ? "pinned by digest" : "no tag is written (see mutable-tag)")
        }
        if let entry = subject.catalogTag {
            return .passed(reason: subject.catalogTagIsBase
                ? "a timestamped build of '\(entry.tag)', which the catalog defines"
                : "the catalog of \(catalog.repository) defines '\(tag)'")
        }
        let replacement = subject.replacement
        var message = "'\(subject.shownImage)' is not a tag the standard set of \(catalog.repository) has ever defined."
        message += replacement.map { " Use \($0.image)." } ?? " Use a current tag of the catalog."
        return .violated(
            message: message,
            suggestion: replacement,
            explanation: "The catalog (\(catalog.source), \(catalog.tags.count.counted("tag")) known) has no record of '\(tag)', so nobody maintains or rebuilds it." + (replacement.map { " Suggested \($0.image): \($0.reason)." } ?? "") + subject.staleNote)
    }
}
