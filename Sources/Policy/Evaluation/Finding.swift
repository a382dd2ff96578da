/// One policy violation of one image usage.
public struct Finding: Codable, Sendable, Hashable {
    /// The rule that fired.
    public var rule: RuleID
    /// Its severity under the policy.
    public var severity: Severity
    /// What is wrong, in words a product team can act on.
    public var message: String
    /// The image to move to, when one can be known.
    public var suggestion: String?
    /// Why the rule fired and how the suggestion was chosen.
    public var explanation: String

    /// A finding.
    public init(rule: RuleID, severity: Severity, message: String, suggestion: String? = nil, explanation: String) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.suggestion = suggestion
        self.explanation = explanation
    }

    enum CodingKeys: String, CodingKey {
        case rule, severity, message, suggestion, explanation
    }

    /// Encodes every field, `null` for a missing suggestion, so the JSON shape is stable.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encode(suggestion, forKey: .suggestion)
        try container.encode(explanation, forKey: .explanation)
    }
}

/// What one rule concluded about one usage, with the reason (`census explain` prints every one).
public enum RuleCheck: Sendable, Hashable {
    /// The usage satisfies the rule.
    case passed(reason: String)
    /// The rule does not apply (no catalog, no tag, not a Dockerfile `FROM`…).
    case notApplicable(reason: String)
    /// The usage violates the rule.
    case violated(message: String, suggestion: Suggestion?, explanation: String)
}

/// A rule's verdict under a policy: the check, and the finding when it is a violation the policy reports.
public struct RuleOutcome: Sendable, Hashable {
    /// The rule.
    public var rule: RuleID
    /// What it concluded.
    public var check: RuleCheck
    /// The finding it produces; `nil` when it passed, did not apply, or the policy turns the rule off.
    public var finding: Finding?

    /// The verdict in one word (`pass`, `n/a`, `off`, or the severity).
    public var verdict: String {
        switch check {
        case .passed: return "pass"
        case .notApplicable: return "n/a"
        case .violated: return finding?.severity.rawValue ?? "off"
        }
    }

    /// The reason or message, for people.
    public var reason: String {
        switch check {
        case .passed(let reason), .notApplicable(let reason): return reason
        case .violated(let message, _, _): return message
        }
    }
}

/// A suggested replacement image and why it was chosen.
public struct Suggestion: Sendable, Hashable {
    /// The image to use instead.
    public var image: String
    /// How it was chosen.
    public var reason: String

    /// A suggestion.
    public init(image: String, reason: String) {
        self.image = image
        self.reason = reason
    }
}
