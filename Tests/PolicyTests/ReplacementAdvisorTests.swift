import Extraction
import XCTest
@testable import Policy

final class ReplacementAdvisorTests: XCTestCase {
    private let prereqs = RuleFixture.prereqs

    private func suggest(_ image: String, policy: PolicyDocument = RuleFixture.policy) -> Suggestion? {
        let parsed = ImageReference.parse(image)
        return ReplacementAdvisor.suggest(for: parsed, policy: policy,
                                          catalog: parsed.nameWithoutTag.flatMap(RuleFixture.catalogs.catalog(for:)),
                                          now: RuleFixture.now)
    }

    func testPolicyReplacementWinsOverTheCatalog() {
        XCTAssertEqual(suggest("\(prereqs):centos-7")?.image, "\(prereqs):azurelinux-3.0-net10.0-build-amd64")
        XCTAssertEqual(suggest("\(prereqs):centos-7")?.reason,
                       "the policy names it as the replacement for 'mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*'")
    }

    func testSameDistributionIsPreferredAndExplained() {
        let suggestion = suggest("\(prereqs):ubuntu-18.04-cross-arm64")
        XCTAssertEqual(suggestion?.image, "\(prereqs):ubuntu-22.04-cross-arm64")
        XCTAssertEqual(suggestion?.reason, "the current tag of the same 'cross' family for arm64 on Ubuntu 22.04 (jammy), the newest supported Ubuntu release in the catalog of \(prereqs) that has one")
    }

    func testOtherDistributionWhenTheSameOneHasNoSupportedTag() {
        // cbl-mariner-2.0 is current in the catalog but end of life; Ubuntu and Azure Linux 3.0 have cross-arm64.
        // Without a same-distribution candidate, an approved base (azurelinux-*) wins.
        var catalog = RuleFixture.prereqsCatalog
        catalog.tags.removeAll { $0.tag == "ubuntu-22.04-cross-arm64" }
        let parsed = ImageReference.parse("\(prereqs):ubuntu-18.04-cross-arm64")
        let suggestion = ReplacementAdvisor.suggest(for: parsed, policy: RuleFixture.policy, catalog: catalog, now: RuleFixture.now)
        XCTAssertEqual(suggestion?.image, "\(prereqs):azurelinux-3.0-net10.0-cross-arm64")
        XCTAssertEqual(suggestion?.reason, "the current tag of the same 'cross' family for arm64 on Azure Linux (CBL-Mariner) 3.0, the newest supported OS in the catalog of \(prereqs) that has one")
    }

    func testEndOfLifeCandidatesAreNeverSuggested() {
        XCTAssertNotEqual(suggest("\(prereqs):ubuntu-18.04-cross-arm64")?.image, "\(prereqs):cbl-mariner-2.0-cross-arm64")
    }

    func testArchitectureMustMatch() {
        XCTAssertEqual(suggest("\(prereqs):ubuntu-18.04-helix-amd64")?.image, "\(prereqs):ubuntu-24.04-helix-amd64")
        XCTAssertNil(suggest("\(prereqs):ubuntu-18.04-helix-arm64"))
    }

    func testNothingIsGuessedForImagesWithoutCatalogOrDistribution() {
        XCTAssertNil(suggest("node:16-alpine3.13"))
        XCTAssertNil(suggest("python:3.9-slim-buster"))
    }

    func testEvaluatorAppliesSeverityOverridesAndOff() throws {
        var policy = RuleFixture.policy
        policy.severities = [.mutableTag: .error, .nonStandardImage: Severity?.none]
        let evaluator = PolicyEvaluator(policy: policy)
        let findings = evaluator.evaluate(reference: RuleFixture.usage("node"), catalogs: .empty, now: RuleFixture.now)
        XCTAssertEqual(findings.map(\.rule), [.mutableTag])
        XCTAssertEqual(findings.first?.severity, .error)
        let outcomes = evaluator.explain(reference: RuleFixture.usage("node"), catalogs: .empty, now: RuleFixture.now)
        XCTAssertEqual(outcomes.map(\.verdict), ["pass", "off", "n/a", "pass", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "error", "n/a"])
    }

    func testEvaluatorReportsEveryViolatedRuleInOrder() {
        let findings = PolicyEvaluator(policy: RuleFixture.policy).evaluate(
            reference: RuleFixture.usage("\(prereqs):ubuntu-18.04-cross-arm64"), catalogs: RuleFixture.catalogs, now: RuleFixture.now)
        XCTAssertEqual(findings.map(\.rule), [.eolOS, .removedTag, .outdatedTag])
        XCTAssertEqual(findings.map(\.severity), [.error, .error, .warning])
        XCTAssertEqual(Set(findings.compactMap(\.suggestion)), ["\(prereqs):ubuntu-22.04-cross-arm64"])
    }

    func testExplainImageBuildsAReferenceFromTheCommandLine() {
        let reference = PolicyEvaluator.reference(forImage: "debian:buster")
        XCTAssertEqual(reference.normalized, "docker.io/library/debian:buster")
        XCTAssertTrue(reference.resolved)
    }
}
