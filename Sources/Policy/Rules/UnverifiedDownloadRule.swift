/// `unverified-download`: a Dockerfile that fetches a file (`curl`, `wget`, `Invoke-WebRequest`, `ADD <url>`)
/// and never checks its checksum or signature builds whatever the server sends that day; piped straight into
/// a shell, it runs it. What counts as a check is decided at extraction (docs/policy.md); this rule judges the
/// downloads recorded as unchecked, except those from URLs the policy trusts (`trustedDownloads`).
public struct UnverifiedDownloadRule: PolicyRule {
    /// The stable rule id.
    public let id = RuleID.unverifiedDownload
    /// The severity unless the policy overrides it; a download piped into a shell is always a warning.
    public let defaultSeverity = Severity.note
    /// What the rule wants, in one sentence.
    public let summary = "Files a Dockerfile downloads should be checked against a checksum or signature before use."

    /// The rule.
    public init() {}

    /// A download piped into a shell runs unchecked code: a warning; any other unchecked download a note.
    public func defaultSeverity(for subject: RuleSubject) -> Severity {
        subject.reference.kind == "dockerfile/download-to-shell" ? .warning : defaultSeverity
    }

    /// Judges one usage.
    public func check(_ subject: RuleSubject) -> RuleCheck {
        let reference = subject.reference
        guard reference.role == .download else { return .notApplicable(reason: "not a download") }
        let url = reference.image ?? reference.raw
        if let glob = subject.policy.trustedDownloads.first(where: { $0.matches(url) || $0.matches(reference.raw) }) {
            return .passed(reason: "\(url) is trusted by the policy (trustedDownloads: \(glob.text))")
        }
        let tool = reference.context.flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "a download"
        if reference.kind == "dockerfile/download-to-shell" {
            return .violated(
                message: "'\(url)' is piped into a shell (\(tool)) without any check: whatever the server sends runs in the build.",
                suggestion: nil,
                explanation: "A script fetched and run in one pipe cannot be checked before it runs, so a compromised or changed server changes the image silently. Download it to a file, check it with `echo \"<sha256>  file\" | sha256sum -c -` (or `gpg --verify`), then run it; or list the URL under trustedDownloads in the policy if it is a feed you control.")
        }
        return .violated(
            message: "'\(url)' is downloaded (\(tool)) and never checked against a checksum or signature.",
            suggestion: nil,
            explanation: "Without a check the build takes whatever the server sends that day, so a changed or compromised file goes unnoticed. Check that file in the same stage (`echo \"<sha256>  file\" | sha256sum -c -`, `gpg --verify file.asc file`, a compared `Get-FileHash`, or `ADD --checksum=sha256:…`), install it from the distribution's package manager, or list the URL under trustedDownloads in the policy if it is a feed you control.")
    }
}
