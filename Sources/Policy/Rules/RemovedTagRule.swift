import Foundation

/// `removed-tag`: the tag was part of the standard set but its definition was removed, so it is no longer
/// rebuilt and collects unpatched vulnerabilities.
public struct RemovedTagRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.removedTag
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.error
    /// What the rule wants, in one sentence.
    public let summary = "Tags removed from the standard set are no longer rebuilt and should be replaced."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        guard let catalog = subject.catalog else { return .notApplicable(reason: "no catalog covers this repository") }
        guard let entry = subject.catalogTag else {
            return .notApplicable(reason: "the catalog of \(catalog.repository) does not know this tag")
        }
        guard let removed = entry.removedAt else {
            return .passed(reason: "'\(entry.tag)' is in the current standard set of \(catalog.repository)")
        }
        let what = subject.catalogTagIsBase
            ? "'\(subject.shownImage)' is a build of '\(entry.tag)', which was"
            : "'\(subject.shownImage)' was"
        let replacement = subject.replacement
        var message = "\(what) removed from the standard set on \(CalendarDay.format(removed)) and is no longer rebuilt."
        message += replacement.map { " Move to \($0.image)." } ?? " Move to a current tag of \(catalog.repository)."
        return .violated(
            message: message,
            suggestion: replacement,
            explanation: "According to \(catalog.source), '\(entry.tag)' was defined from \(entry.firstSeen.map(CalendarDay.format) ?? "an unknown date") until \(CalendarDay.format(removed)); images of removed tags keep whatever vulnerabilities they had then." + (replacement.map { " Suggested \($0.image): \($0.reason)." } ?? "") + subject.staleNote)
    }
}
