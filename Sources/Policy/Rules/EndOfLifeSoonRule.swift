import Foundation

/// `eol-soon`: the image is built on something that reaches its end of life within the policy's
/// `warnBeforeEolDays`, so the team can move before the deadline rather than after it.
///
/// Off unless the policy sets `warnBeforeEolDays`. Days are whole calendar days (UTC) from the day of the
/// evaluation (the crawl's run date) to the end-of-life day: a release ending in exactly
/// `warnBeforeEolDays` days is warned about, one ending a day later is not, and one already ended is
/// `eol-os`'s to report.
public struct EndOfLifeSoonRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.eolSoon
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.warning
    /// What the rule wants, in one sentence.
    public let summary = "Images should move off an operating system release, or an image whose registry gives it an end of life, before that end of life."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard let window = subject.policy.warnBeforeEolDays else {
            return .notApplicable(reason: "the policy sets no warnBeforeEolDays, so no early warning is given")
        }
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        let dates = subject.endOfLifeDates
        guard !dates.isEmpty else {
            return .notApplicable(reason: "no end of life is known for it (no OS release with an announced date is recognizable, and no registry lifecycle annotation gives one)")
        }
        guard let upcoming = EndOfLifeDate.earliestUpcoming(dates, at: subject.now),
              let days = upcoming.daysLeft(at: subject.now) else {
            let ended = dates.map { "\($0.subject) ended on \($0.day)" }.joined(separator: "; ")
            let rules = Set(dates.map { $0.isImageLifecycle ? "eol-image" : "eol-os" }).sorted(by: >).joined(separator: " and ")
            return .notApplicable(reason: "already past its end of life (\(ended)); \(rules) \(rules.contains(" and ") ? "report" : "reports") it")
        }
        guard days <= window else {
            return .passed(reason: "\(upcoming.subject) is supported until \(upcoming.day), \(upcoming.distance(at: subject.now)), "
                           + "beyond the policy's warnBeforeEolDays of \(window)")
        }
        // Only a replacement on another release helps; the advisor may name the same family's current tag.
        let replacement = subject.replacement.flatMap { suggestion -> Suggestion? in
            let suggested = EndOfLifeDate.known(for: .parse(suggestion.image))
            return suggested.contains { $0.subject == upcoming.subject } ? nil : suggestion
        }
        var message = upcoming.isImageLifecycle
            ? "'\(subject.shownImage)' reaches end of life on \(upcoming.day), \(upcoming.distance(at: subject.now)), "
                + "according to its registry's lifecycle annotation; move before then."
            : "'\(subject.shownImage)' is built on \(upcoming.subject), which reaches end of life on "
                + "\(upcoming.day), \(upcoming.distance(at: subject.now)); move before then."
        message += replacement.map { " Consider \($0.image)." } ?? ""
        return .violated(
            message: message,
            suggestion: replacement,
            explanation: "\(upcoming.source); the policy warns \(window) days ahead (warnBeforeEolDays)."
                + (replacement.map { " Suggested \($0.image): \($0.reason)." } ?? ""))
    }

    /// Days are counted from the start of the evaluation's day (UTC): a usage outside the window enters it
    /// at 00:00 UTC `warnBeforeEolDays` days before the end of life; a warned one's message counts the
    /// days left, so it changes at the next 00:00 UTC. The end-of-life day itself is watched by every
    /// evaluation.
    public func changesAfter(_ subject: RuleSubject, judged check: RuleCheck) -> Date? {
        guard let window = subject.policy.warnBeforeEolDays, subject.isJudgeable,
              let upcoming = EndOfLifeDate.earliestUpcoming(subject.endOfLifeDates, at: subject.now),
              let end = upcoming.date, let today = CalendarDay.parse(CalendarDay.format(subject.now)) else { return nil }
        if case .violated = check { return today.addingTimeInterval(86_400) }
        return end.addingTimeInterval(-Double(window) * 86_400)
    }
}
