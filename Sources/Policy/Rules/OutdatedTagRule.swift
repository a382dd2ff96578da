import Extraction
import Foundation

/// `outdated-tag`: the image content the usage pulls is older than the policy's `maxAgeDays`.
///
/// A tag still defined in its manifest is floating and rebuilt, so current however old its definition;
/// a removed tag ages from its removal; a timestamped tag from its timestamp; a registry tag from its
/// build date.
public struct OutdatedTagRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.outdatedTag
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.warning
    /// What the rule wants, in one sentence.
    public let summary = "Image content should be younger than the policy's maximum age."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        let limit = subject.policy.maxAgeDays
        if case .unknown(let reason) = subject.age { return .notApplicable(reason: reason) }
        guard let date = subject.age.contentDate else {
            return .passed(reason: "'\(subject.shownImage)' is \(subject.age.basis)")
        }
        let days = CalendarDay.days(from: date, to: subject.now)
        guard days > limit else {
            return .passed(reason: "\(days.counted("day")) old (\(subject.age.basis)), within the \(limit)-day limit")
        }
        let replacement = subject.replacement
        var message = "'\(subject.shownImage)' is \(days.counted("day")) old (\(subject.age.basis)); the limit is \(limit.counted("day"))."
        message += replacement.map { " Move to \($0.image)." } ?? " Move to a current tag."
        return .violated(
            message: message,
            suggestion: replacement,
            explanation: "Image content older than \(limit.counted("day")) misses that many days of OS and toolchain security fixes." + (replacement.map { " Suggested \($0.image): \($0.reason)." } ?? "") + subject.staleNote)
    }

    /// The age in whole days grows by one every 24 hours from the content's date: a passing usage turns
    /// outdated when it passes the limit, and an outdated one's message names its age, so it changes daily.
    public func changesAfter(_ subject: RuleSubject, judged check: RuleCheck) -> Date? {
        guard subject.isJudgeable, let date = subject.age.contentDate else { return nil }
        let days = CalendarDay.days(from: date, to: subject.now)
        let limit = subject.policy.maxAgeDays
        let next = days > limit ? days + 1 : limit + 1
        return date.addingTimeInterval(Double(next) * 86_400)
    }
}
