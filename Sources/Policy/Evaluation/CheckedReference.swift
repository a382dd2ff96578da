import Extraction

/// One usage with the findings the policy has about it (what `census check` reports).
public struct CheckedReference: Sendable, Hashable {
    /// The usage.
    public var reference: Reference
    /// Its findings, in rule order.
    public var findings: [Finding]

    /// A checked usage.
    public init(reference: Reference, findings: [Finding]) {
        self.reference = reference
        self.findings = findings
    }
}
