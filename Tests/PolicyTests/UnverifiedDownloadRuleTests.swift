import Extraction
import XCTest
@testable import Policy

/// `unverified-download`: downloads a Dockerfile never checks, their severities, and the URLs a policy trusts.
final class UnverifiedDownloadRuleTests: XCTestCase {
    private func download(_ url: String, kind: String = "dockerfile/download", tool: String = "curl", written: String? = nil) -> Reference {
        Reference(path: "Dockerfile", fact: ReferenceFact(line: 4, kind: kind, context: "stage build: \(tool)",
                                                          raw: written ?? url, value: .literal(url)),
                  image: url, unresolvedReason: nil)
    }

    private func findings(_ reference: Reference, policy: PolicyDocument = RuleFixture.policy) -> [Finding] {
        PolicyEvaluator(policy: policy).evaluate(reference: reference, catalogs: .empty, now: RuleFixture.now)
    }

    func testAnUncheckedDownloadIsANoteNamingItsURLAndTool() throws {
        let found = findings(download("https://example.com/tool.tgz"))
        XCTAssertEqual(found.map(\.rule), [.unverifiedDownload])
        let finding = try XCTUnwrap(found.first)
        XCTAssertEqual(finding.severity, .note)
        XCTAssertEqual(finding.message, "'https://example.com/tool.tgz' is downloaded (curl) and never checked against a checksum or signature.")
        XCTAssertNil(finding.suggestion)
        XCTAssertTrue(finding.explanation.contains("sha256sum -c"))
    }

    func testADownloadPipedIntoAShellIsAWarning() throws {
        let found = findings(download("https://get.example.com/install.sh", kind: "dockerfile/download-to-shell", tool: "curl | sh"))
        let finding = try XCTUnwrap(found.first)
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(finding.severity, .warning)
        XCTAssertEqual(finding.message, "'https://get.example.com/install.sh' is piped into a shell (curl | sh) without any check: whatever the server sends runs in the build.")
    }

    func testTheSeverityOverrideAppliesToBothShapesAndOffTurnsTheRuleOff() throws {
        let strict = try PolicyDocument.decode("severities:\n  unverified-download: error\n", file: "policy.yml")
        XCTAssertEqual(findings(download("https://x.example/a"), policy: strict).map(\.severity), [.error])
        XCTAssertEqual(findings(download("https://x.example/a", kind: "dockerfile/download-to-shell"), policy: strict).map(\.severity), [.error])
        let off = try PolicyDocument.decode("severities:\n  unverified-download: off\n", file: "policy.yml")
        XCTAssertEqual(findings(download("https://x.example/a", kind: "dockerfile/download-to-shell"), policy: off), [])
    }

    func testTrustedDownloadsExemptMatchingURLsWrittenOrSubstituted() throws {
        let policy = try PolicyDocument.decode("""
            trustedDownloads:
              - "https://pkgs.internal.example.com/*"
              - "https://example.com/releases/${VERSION}/*"
            """, file: "policy.yml")
        XCTAssertEqual(findings(download("https://pkgs.internal.example.com/feed/tool.tgz"), policy: policy), [])
        XCTAssertEqual(findings(download("https://pkgs.internal.example.com/i.sh", kind: "dockerfile/download-to-shell"), policy: policy), [])
        // The URL as written matches the second pattern even though its value was substituted.
        XCTAssertEqual(findings(download("https://example.com/releases/1.2/x.tgz", written: "https://example.com/releases/${VERSION}/x.tgz"),
                                policy: policy), [])
        // The slash before the wildcard ends the host: a look-alike host is not trusted.
        XCTAssertEqual(findings(download("https://pkgs.internal.example.com.evil.example/x"), policy: policy).count, 1)
        XCTAssertEqual(findings(download("https://other.example.com/x.tgz"), policy: policy).map(\.rule), [.unverifiedDownload])
        let outcome = try XCTUnwrap(PolicyEvaluator(policy: policy).explain(reference: download("https://pkgs.internal.example.com/a"),
                                                                           catalogs: .empty, now: RuleFixture.now)
            .first { $0.rule == .unverifiedDownload })
        XCTAssertEqual(outcome.verdict, "pass")
        XCTAssertEqual(outcome.reason, "https://pkgs.internal.example.com/a is trusted by the policy (trustedDownloads: https://pkgs.internal.example.com/*)")
    }

    func testADownloadIsJudgedByNoImageRuleAndAnImageNotByTheDownloadRule() {
        let outcomes = PolicyEvaluator(policy: RuleFixture.policy).explain(reference: download("https://example.com/latest"),
                                                                          catalogs: .empty, now: RuleFixture.now)
        XCTAssertEqual(outcomes.count, PolicyEvaluator.allRules.count)
        for outcome in outcomes where outcome.rule != .unverifiedDownload {
            XCTAssertEqual(outcome.verdict, "n/a")
            XCTAssertEqual(outcome.reason, "a download (https://example.com/latest), not an image")
        }
        let image = Reference(path: "Dockerfile", fact: ReferenceFact(line: 1, kind: "dockerfile/from", raw: "alpine", value: .literal("alpine")),
                              image: "alpine", unresolvedReason: nil)
        let imageOutcomes = PolicyEvaluator(policy: RuleFixture.policy).explain(reference: image, catalogs: .empty, now: RuleFixture.now)
        XCTAssertEqual(imageOutcomes.first { $0.rule == .unverifiedDownload }?.reason, "not a download")
        XCTAssertFalse(imageOutcomes.compactMap(\.finding).contains { $0.rule == .unverifiedDownload })
    }

    func testAPolicyWithoutTrustedDownloadsKeepsItsHashAndOneWithThemChangesIt() throws {
        let plain = try PolicyDocument.decode("maxAgeDays: 90\n", file: "policy.yml")
        let empty = try PolicyDocument.decode("maxAgeDays: 90\ntrustedDownloads: []\n", file: "policy.yml")
        let trusting = try PolicyDocument.decode("maxAgeDays: 90\ntrustedDownloads: [\"https://x.example/*\"]\n", file: "policy.yml")
        XCTAssertEqual(plain.canonicalText, "maxAgeDays: 90")
        XCTAssertEqual(plain.hash, empty.hash)
        XCTAssertNotEqual(plain.hash, trusting.hash)
    }

    func testAMalformedTrustedDownloadPatternIsAnErrorWithItsLine() {
        XCTAssertThrowsError(try PolicyDocument.decode("trustedDownloads:\n  - \"https://x.example/[a\"\n", file: "policy.yml")) { error in
            XCTAssertEqual(String(describing: error),
                           "policy.yml:2: invalid trustedDownloads 'https://x.example/[a': '[' at position 19 has no closing ']'")
        }
    }
}
