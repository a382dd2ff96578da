import Extraction

/// `unapproved-base-image`: a Dockerfile `FROM` (that is not an earlier build stage) must resolve to an
/// approved base image.
public struct UnapprovedBaseImageRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.unapprovedBaseImage
    /// The severity unless the policy overrides it.
    public let defaultSeverity = Severity.error
    /// What the rule wants, in one sentence.
    public let summary = "Dockerfile base images (FROM) should be on the policy's approved list."

    /// The rule.
    public init() {}

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        guard subject.reference.kind == "dockerfile/from" else {
            return .notApplicable(reason: "not a Dockerfile FROM")
        }
        guard subject.isJudgeable else { return .notApplicable(reason: "the reference is unresolved or invalid") }
        let approved = subject.policy.approvedBaseImages
        guard !approved.isEmpty else { return .notApplicable(reason: "the policy lists no approved base images") }
        if let pattern = approved.first(where: { $0.matches(subject.image) }) {
            return .passed(reason: "matches the approved base image '\(pattern.text)'")
        }
        let list = approved.map(\.text).joined(separator: ", ")
        let suggestion = Self.firstApprovedImage(approved, now: subject.now)
        return .violated(
            message: "Base image '\(subject.shownImage)' is not approved. Build FROM one of: \(list).",
            suggestion: suggestion,
            explanation: "Images shipped or run by the product inherit everything in their base image; only approved bases are patched on the platform's schedule." + (suggestion.map { " Suggested \($0.image): \($0.reason)." } ?? ""))
    }

    /// The first approved entry that names one repository, with its distribution's newest supported tag
    /// when it is a distribution image (`mcr.microsoft.com/azurelinux/base/core:3.0`).
    static func firstApprovedImage(_ approved: [ImagePattern], now: Date) -> Suggestion? {
        for pattern in approved where !pattern.name.hasWildcards && pattern.tag == nil {
            let repository = ImageReference.parse(pattern.name.text)
            for release in OperatingSystem.allCases.compactMap({ EndOfLifeTable.newestSupported($0, at: now) }) {
                guard let candidate = repository.withTag(release.version),
                      let detected = OperatingSystemDetector.detect(in: candidate), detected.release == release,
                      let normalized = candidate.normalized else { continue }
                return Suggestion(image: ReplacementAdvisor.shortName(normalized),
                                  reason: "the first approved base image, on \(release.displayName)")
            }
        }
        return nil
    }
}

import Foundation
