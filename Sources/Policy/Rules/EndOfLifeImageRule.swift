/// `eol-image`: the registry's lifecycle annotation says the image content has reached its end of life.
public struct EndOfLifeImageRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.eolImage
    /// The severity unless the policy overrides it (as `eol-os`).
    public let defaultSeverity = Severity.error
    /// What the rule wants, in one sentence.
    public let summary = "Images should not be used past the end-of-life date their registry's lifecycle annotation gives."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        guard let catalog = subject.catalog else {
            return .notApplicable(reason: "no registry catalog covers this repository, so no lifecycle annotation was read")
        }
        guard catalog.origin == .registry else {
            return .notApplicable(reason: "the catalog of \(catalog.repository) comes from a manifest in git, which carries no lifecycle annotations")
        }
        guard let (record, lifecycle) = subject.registryLifecycle else {
            if subject.catalogTagIsBase {
                return .notApplicable(reason: "the catalog knows only the floating tag this timestamped tag was built from, whose lifecycle is about other content")
            }
            if subject.catalogTag == nil, subject.image.digest == nil {
                return .notApplicable(reason: "the catalog of \(catalog.repository) does not know this tag")
            }
            return .notApplicable(reason: "the registry's lifecycle referrers were not read for this content (it is beyond the per-sync limit, or its catalog was synced before census read them)")
        }
        let content = record.digest ?? record.tag
        guard let end = lifecycle.endOfLife else {
            return .notApplicable(reason: "end of life unknown: the registry has no lifecycle annotation for \(content) (read through \(lifecycle.lookup.description) on \(CalendarDay.format(lifecycle.checkedAt)))")
        }
        guard lifecycle.isEndOfLife(at: subject.now) else {
            return .passed(reason: "the registry's lifecycle annotation sets its end of life on \(lifecycle.shownEndOfLife)")
        }
        let replacement = subject.replacement
        var message = "'\(subject.shownImage)' reached end of life on \(CalendarDay.format(end)) according to its registry's lifecycle annotation and gets no more updates."
        message += replacement.map { " Move to \($0.image)." } ?? ""
        var explanation = "The registry's lifecycle referrer \(lifecycle.referrer ?? "?") of \(content) (artifact type \(ImageLifecycle.artifactType), read through \(lifecycle.lookup.description) on \(CalendarDay.format(lifecycle.checkedAt))) gives \(ImageLifecycle.endOfLifeAnnotation) = \(lifecycle.annotation ?? CalendarDay.format(end)); the earliest date of the image's lifecycle referrers counts (docs/eol.md)."
        explanation += subject.staleNote
        explanation += replacement.map { " Suggested \($0.image): \($0.reason)." } ?? ""
        return .violated(message: message, suggestion: replacement, explanation: explanation)
    }
}
