import Extraction
import XCTest
@testable import Policy

/// What the evaluator judges: pulls by every rule, local builds by none, frontends by the allowed list.
final class PolicyEvaluatorTests: XCTestCase {
    let evaluator = PolicyEvaluator(policy: RuleFixture.policy)

    func findings(_ image: String?, raw: String, kind: String, reason: String? = nil,
                  policy: PolicyDocument = RuleFixture.policy) -> [String] {
        let value: ImageExpression = image.map { .literal($0) } ?? .unresolved(reason: reason ?? "")
        let reference = Reference(path: "docker-compose.yml", fact: ReferenceFact(line: 3, kind: kind, raw: raw, value: value),
                                  image: image, unresolvedReason: reason)
        return PolicyEvaluator(policy: policy).evaluate(reference: reference, catalogs: RuleFixture.catalogs,
                                                        now: RuleFixture.now).map(\.rule.rawValue)
    }

    func testLocalBuildsAreNeverJudgedAsPulls() {
        XCTAssertEqual(findings(nil, raw: "./api", kind: "compose/build", reason: "built locally from api/Dockerfile"), [])
        XCTAssertEqual(findings(nil, raw: ".devcontainer/Dockerfile", kind: "devcontainer/build",
                                reason: "built locally from .devcontainer/Dockerfile"), [])
        XCTAssertEqual(findings(nil, raw: "Dockerfile", kind: "github-actions/action-dockerfile",
                                reason: "built locally from Dockerfile"), [])
        // A name given to the build: no tag, not standard, yet nothing is pulled.
        XCTAssertEqual(findings("sentry-self-hosted-local", raw: "sentry-self-hosted-local", kind: "compose/build-tag"), [])
        XCTAssertEqual(findings("sentry-self-hosted-local", raw: "sentry-self-hosted-local", kind: "compose/image"),
                       ["non-standard-image", "mutable-tag"])
    }

    func testLocalBuildExplainsWhyNoRuleApplies() {
        let reference = Reference(path: "compose.yml", fact: ReferenceFact(line: 3, kind: "compose/build", raw: "./api",
                                                                           value: .unresolved(reason: "built locally from api/Dockerfile")),
                                  image: nil, unresolvedReason: "built locally from api/Dockerfile")
        let outcomes = evaluator.explain(reference: reference, catalogs: .empty, now: RuleFixture.now)
        XCTAssertEqual(outcomes.count, PolicyEvaluator.allRules.count)
        for outcome in outcomes {
            guard case .notApplicable(let reason) = outcome.check else { return XCTFail("\(outcome)") }
            XCTAssertEqual(reason, "a local build (built locally from api/Dockerfile), not a pulled image")
        }
    }

    func testDockerfileFrontendIsJudgedByTheAllowedFrontends() {
        XCTAssertEqual(findings("docker/dockerfile:1.7", raw: "docker/dockerfile:1.7", kind: "dockerfile/syntax"), [])
        XCTAssertEqual(findings("docker/dockerfile", raw: "docker/dockerfile", kind: "dockerfile/syntax"), ["mutable-tag"])
        XCTAssertEqual(findings("example.com/frontends/custom:2", raw: "example.com/frontends/custom:2",
                                kind: "dockerfile/syntax"), ["non-standard-image"])
    }

    func testPolicyCanAllowOtherFrontends() throws {
        let policy = try PolicyDocument.decode("""
            standard: [mcr.microsoft.com/dotnet/*]
            allowedFrontends: [example.com/frontends/*]
            """, file: "policy.yml")
        XCTAssertEqual(findings("example.com/frontends/custom:2", raw: "x", kind: "dockerfile/syntax", policy: policy), [])
        XCTAssertEqual(findings("docker/dockerfile:1.7", raw: "x", kind: "dockerfile/syntax", policy: policy),
                       ["non-standard-image"])
        let check = NonStandardImageRule().check(RuleSubject(
            reference: RuleFixture.usage("docker/dockerfile:1.7", kind: "dockerfile/syntax"), policy: policy,
            catalogs: .empty, now: RuleFixture.now))
        XCTAssertEqual(check.message,
                       "'docker/dockerfile:1.7' is not an allowed Dockerfile frontend. Allowed frontends: example.com/frontends/*.")
    }

    func testDefaultFrontendsLeaveThePolicyHashAsItWas() throws {
        let plain = try PolicyDocument.decode("standard: [mcr.microsoft.com/dotnet/*]\n", file: "policy.yml")
        let explicitDefault = try PolicyDocument.decode(
            "standard: [mcr.microsoft.com/dotnet/*]\nallowedFrontends: [docker/dockerfile]\n", file: "policy.yml")
        let other = try PolicyDocument.decode(
            "standard: [mcr.microsoft.com/dotnet/*]\nallowedFrontends: [example.com/f]\n", file: "policy.yml")
        XCTAssertFalse(plain.canonicalText.contains("allowedFrontend"))
        XCTAssertEqual(plain.hash, explicitDefault.hash)
        XCTAssertNotEqual(plain.hash, other.hash)
    }
}
