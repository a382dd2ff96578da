/// `eol-os`: the image is built on an operating system release past its end of free security support.
public struct EndOfLifeOSRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.eolOS
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.error
    /// What the rule wants, in one sentence.
    public let summary = "Images should not be built on an operating system release past its end of life."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        guard let detected = subject.operatingSystem else {
            return .notApplicable(reason: "no OS release is recognizable in the image name or tag")
        }
        let release = detected.release
        guard release.isEndOfLife(at: subject.now), let end = release.endOfLife else {
            let until = release.endOfLife.map { "supported until \($0)" } ?? "no end of life announced"
            return .passed(reason: "built on \(release.displayName), \(until)")
        }
        let replacement = subject.replacement
        var message = "'\(subject.shownImage)' is built on \(release.displayName), which reached end of life on \(end) and gets no security fixes."
        message += replacement.map { " Move to \($0.image)." } ?? ""
        return .violated(
            message: message,
            suggestion: replacement,
            explanation: "\(release.displayName) was recognized from the \(detected.evidence); its end of life comes from census's table of OS release dates (docs/eol.md)." + (replacement.map { " Suggested \($0.image): \($0.reason)." } ?? ""))
    }
}
