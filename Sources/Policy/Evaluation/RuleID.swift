/// The stable identifiers of the policy rules (docs/policy.md); reports, SARIF and SQL use them verbatim.
public enum RuleID: String, Codable, Sendable, CaseIterable, Comparable {
    case nonStandardImage = "non-standard-image"
    case unapprovedBaseImage = "unapproved-base-image"
    case removedTag = "removed-tag"
    case unknownTag = "unknown-tag"
    case outdatedTag = "outdated-tag"
    case deprecatedImage = "deprecated-image"
    case eolOS = "eol-os"
    case eolImage = "eol-image"
    case eolSoon = "eol-soon"
    case mutableTag = "mutable-tag"
    case unresolvedReference = "unresolved-reference"
    case unverifiedDownload = "unverified-download"

    /// Orders by declaration, which is the order reports list rules in.
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool {
        let order = RuleID.allCases
        return order.firstIndex(of: lhs) ?? 0 < order.firstIndex(of: rhs) ?? 0
    }
}
