import Extraction
import XCTest
@testable import Policy

final class PolicyDocumentTests: XCTestCase {
    private let sample = """
    # a platform team's policy
    standard:
      - mcr.microsoft.com/dotnet-buildtools/prereqs
      - mcr.microsoft.com/dotnet/*
    approvedBaseImages:
      - mcr.microsoft.com/azurelinux/base/core
      - mcr.microsoft.com/dotnet/*:*-azurelinux*
    maxAgeDays: 90
    catalogs:
      - repository: mcr.microsoft.com/dotnet-buildtools/prereqs
        git: https://github.com/dotnet/dotnet-buildtools-prereqs-docker
        branch: main
        manifest: manifest.json
      - repository: registry.example.com/team/base
        registry: true
      - repository: mcr.microsoft.com/dotnet/sdk
        registry: true
        api: mcr-catalog
        url: https://mcr.microsoft.com/
    deprecated:
      - match: "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*"
        reason: CentOS 7 is end of life
        replacement: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64
      - match: ubuntu:16.04
        reason: Ubuntu 16.04 is end of life
    severities:
      mutable-tag: error
      unresolved-reference: off
    """

    func testSamplePolicyDecodesEverySection() throws {
        let policy = try PolicyDocument.decode(sample, file: "policy.yml")
        XCTAssertEqual(policy.standard.map(\.text), ["mcr.microsoft.com/dotnet-buildtools/prereqs", "mcr.microsoft.com/dotnet/*"])
        XCTAssertEqual(policy.standard.map(\.line), [3, 4])
        XCTAssertEqual(policy.approvedBaseImages.count, 2)
        XCTAssertEqual(policy.maxAgeDays, 90)
        XCTAssertEqual(policy.catalogs, [
            CatalogSource(repository: "mcr.microsoft.com/dotnet-buildtools/prereqs",
                          kind: .manifest(git: "https://github.com/dotnet/dotnet-buildtools-prereqs-docker",
                                          branch: "main", path: "manifest.json"), line: 10),
            CatalogSource(repository: "registry.example.com/team/base", kind: .registry(url: nil), line: 14),
            CatalogSource(repository: "mcr.microsoft.com/dotnet/sdk", kind: .mcrCatalog(url: "https://mcr.microsoft.com"), line: 16),
        ])
        XCTAssertEqual(policy.deprecated.map(\.reason), ["CentOS 7 is end of life", "Ubuntu 16.04 is end of life"])
        XCTAssertEqual(policy.deprecated.first?.replacement,
                       "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64")
        XCTAssertNil(policy.deprecated.last?.replacement)
        XCTAssertEqual(policy.severity(of: .mutableTag, default: .warning), .error)
        XCTAssertNil(policy.severity(of: .unresolvedReference, default: .note))
        XCTAssertEqual(policy.severity(of: .eolOS, default: .error), .error)
    }

    func testEmptyPolicyUsesDefaults() throws {
        let policy = try PolicyDocument.decode("# nothing yet\n", file: "policy.yml")
        XCTAssertEqual(policy.maxAgeDays, 180)
        XCTAssertTrue(policy.standard.isEmpty)
        XCTAssertTrue(policy.catalogs.isEmpty)
    }

    func testUnknownTopLevelKeyNamesFileLineAndKey() {
        assertPolicyError("standard: []\nmaxAgeDay: 30\n",
                          "policy.yml:2: unknown key 'maxAgeDay'; expected one of: standard, approvedBaseImages, maxAgeDays, catalogs, deprecated, severities, allowedFrontends, warnBeforeEolDays, trustedDownloads")
    }

    func testUnknownCatalogKeyIsAnError() {
        assertPolicyError("catalogs:\n  - repository: mcr.microsoft.com/x\n    registry: true\n    token: abc\n",
                          "policy.yml:4: unknown key 'token'; expected one of: repository, git, branch, manifest, registry, api, url, refreshAfter")
    }

    func testWrongTypeNamesTheKeyAndExpectation() {
        assertPolicyError("maxAgeDays: six months\n", "policy.yml:1: 'maxAgeDays' must be a whole number")
        assertPolicyError("standard: mcr.microsoft.com/x\n", "policy.yml:1: 'standard' must be a list")
        assertPolicyError("catalogs:\n  - repository: mcr.microsoft.com/x\n    registry: maybe\n",
                          "policy.yml:3: 'registry' must be true or false")
    }

    func testBadGlobIsAnErrorWithItsLine() {
        assertPolicyError("standard:\n  - mcr.microsoft.com/dotnet/[abc\n",
                          "policy.yml:2: invalid image pattern 'mcr.microsoft.com/dotnet/[abc': '[' at position 26 has no closing ']'")
    }

    func testPatternWithUppercasePathIsAnError() {
        assertPolicyError("deprecated:\n  - match: mcr.microsoft.com/Dotnet/*\n    reason: old\n",
                          "policy.yml:2: invalid image pattern 'mcr.microsoft.com/Dotnet/*': repository name must be lowercase: \"Dotnet/x\"")
    }

    func testDeprecationWithoutReasonIsAnError() {
        assertPolicyError("deprecated:\n  - match: centos:7\n", "policy.yml:2: a deprecation needs a 'reason' key")
    }

    func testCatalogWithBothGitAndRegistryIsAnError() {
        assertPolicyError("catalogs:\n  - repository: mcr.microsoft.com/x\n    git: /srv/x.git\n    registry: true\n",
                          "policy.yml:4: invalid registry 'true': a catalog reads either a git manifest (line 3) or a registry, not both")
    }

    func testCatalogRepositoryWithTagIsAnError() {
        assertPolicyError("catalogs:\n  - repository: mcr.microsoft.com/x:1.0\n    registry: true\n",
                          "policy.yml:2: invalid repository 'mcr.microsoft.com/x:1.0': name the repository only, without a tag or digest")
    }

    func testDuplicateCatalogIsAnError() {
        assertPolicyError("catalogs:\n  - repository: mcr.microsoft.com/x\n    registry: true\n  - repository: mcr.microsoft.com/x\n    git: /srv/x.git\n",
                          "policy.yml:4: invalid repository 'mcr.microsoft.com/x': a catalog for this repository is already defined above")
    }

    func testUnknownSeverityIsAnError() {
        assertPolicyError("severities:\n  outdated-tag: fatal\n",
                          "policy.yml:2: invalid outdated-tag 'fatal': expected error, warning, note or off")
    }

    func testUnknownRuleInSeveritiesIsAnError() {
        XCTAssertThrowsError(try PolicyDocument.decode("severities:\n  old-tag: error\n", file: "p.yml")) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("p.yml:2: unknown key 'old-tag'; expected one of: non-standard-image"))
        }
    }

    func testNonPositiveMaxAgeIsAnError() {
        assertPolicyError("maxAgeDays: 0\n", "policy.yml:1: invalid maxAgeDays '0': must be a positive number of days")
    }

    func testWarnBeforeEolDaysIsOffUnlessSet() throws {
        XCTAssertNil(try PolicyDocument.decode("maxAgeDays: 180\n", file: "policy.yml").warnBeforeEolDays)
        XCTAssertEqual(try PolicyDocument.decode("maxAgeDays: 180\nwarnBeforeEolDays: 90\n", file: "policy.yml").warnBeforeEolDays, 90)
    }

    func testBadWarnBeforeEolDaysNamesFileAndLine() {
        assertPolicyError("maxAgeDays: 180\nwarnBeforeEolDays: 0\n",
                          "policy.yml:2: invalid warnBeforeEolDays '0': must be a number of days from 1 to 3650; leave the key out to give no early warning")
        assertPolicyError("warnBeforeEolDays: -5\n",
                          "policy.yml:1: invalid warnBeforeEolDays '-5': must be a number of days from 1 to 3650; leave the key out to give no early warning")
        assertPolicyError("warnBeforeEolDays: 4000\n",
                          "policy.yml:1: invalid warnBeforeEolDays '4000': must be a number of days from 1 to 3650; leave the key out to give no early warning")
        assertPolicyError("standard: []\nwarnBeforeEolDays: three months\n", "policy.yml:2: 'warnBeforeEolDays' must be a whole number")
        assertPolicyError("warnBeforeEolDays: [90]\n", "policy.yml:1: 'warnBeforeEolDays' must be a whole number")
    }

    func testRefreshAfterIsReadInMinutesHoursOrDaysAndDefaultsToADay() throws {
        let text = """
            catalogs:
              - repository: mcr.microsoft.com/a
                registry: true
                refreshAfter: 6h
              - repository: mcr.microsoft.com/b
                registry: true
                api: mcr-catalog
                refreshAfter: 7d
              - repository: mcr.microsoft.com/c
                registry: true
                refreshAfter: 30m
              - repository: mcr.microsoft.com/d
                registry: true
            """
        let catalogs = try PolicyDocument.decode(text, file: "policy.yml").catalogs
        let expected: [TimeInterval] = [21_600, 604_800, 1_800, 86_400]
        XCTAssertEqual(catalogs.map(\.effectiveRefreshAfter), expected)
        XCTAssertNil(catalogs[3].refreshAfter)
    }

    func testBadRefreshAfterNamesFileAndLine() {
        assertPolicyError("catalogs:\n  - repository: mcr.microsoft.com/x\n    registry: true\n    refreshAfter: 24\n",
                          "policy.yml:4: invalid refreshAfter '24': expected a whole number of minutes, hours or days such as 30m, 24h or 7d (at most a year; 0h refreshes on every crawl)")
        assertPolicyError("catalogs:\n  - repository: mcr.microsoft.com/x\n    registry: true\n    refreshAfter: 400d\n",
                          "policy.yml:4: invalid refreshAfter '400d': expected a whole number of minutes, hours or days such as 30m, 24h or 7d (at most a year; 0h refreshes on every crawl)")
        assertPolicyError("catalogs:\n  - repository: mcr.microsoft.com/x\n    git: /srv/x.git\n    refreshAfter: 24h\n",
                          "policy.yml:4: invalid refreshAfter 'refreshAfter': 'refreshAfter' applies to registry catalogs only")
    }

    func testRefreshAfterLeavesThePolicyHashAlone() throws {
        let plain = try PolicyDocument.decode("catalogs:\n  - repository: mcr.microsoft.com/x\n    registry: true\n", file: "a.yml")
        let timed = try PolicyDocument.decode("catalogs:\n  - repository: mcr.microsoft.com/x\n    registry: true\n    refreshAfter: 2h\n",
                                              file: "a.yml")
        XCTAssertEqual(plain.hash, timed.hash)
    }

    func testAPolicyWithoutWarnBeforeEolDaysKeepsTheHashItHadBeforeTheKeyExisted() throws {
        let plain = try PolicyDocument.decode("maxAgeDays: 180\nstandard: [mcr.microsoft.com/a]\n", file: "a.yml")
        // FNV-1a of "maxAgeDays: 180\nstandard: mcr.microsoft.com/a", the canonical text before the key existed.
        XCTAssertEqual(plain.hash, "466c01ce6bd3bacc")
        let warned = try PolicyDocument.decode("maxAgeDays: 180\nstandard: [mcr.microsoft.com/a]\nwarnBeforeEolDays: 90\n", file: "a.yml")
        let warnedLonger = try PolicyDocument.decode("maxAgeDays: 180\nstandard: [mcr.microsoft.com/a]\nwarnBeforeEolDays: 91\n", file: "a.yml")
        XCTAssertNotEqual(plain.hash, warned.hash)
        XCTAssertNotEqual(warned.hash, warnedLonger.hash)
    }

    func testMalformedYamlNamesItsLine() {
        XCTAssertThrowsError(try PolicyDocument.decode("standard:\n  - a\n - b\n", file: "policy.yml")) { error in
            guard case .yamlSyntax(let file, let line, _) = error as? PolicyError else {
                return XCTFail("expected a YAML syntax error, got \(error)")
            }
            XCTAssertEqual(file, "policy.yml")
            XCTAssertEqual(line, 3)
        }
    }

    func testHashIgnoresCommentsAndLayoutButNotSettings() throws {
        let a = try PolicyDocument.decode("maxAgeDays: 180\nstandard: [mcr.microsoft.com/a]\n", file: "a.yml")
        let b = try PolicyDocument.decode("# comment\nstandard:\n  - mcr.microsoft.com/a\nmaxAgeDays: 180\n", file: "b.yml")
        let c = try PolicyDocument.decode("maxAgeDays: 181\nstandard: [mcr.microsoft.com/a]\n", file: "a.yml")
        XCTAssertEqual(a.hash, b.hash)
        XCTAssertNotEqual(a.hash, c.hash)
        XCTAssertEqual(a.hash.count, 16)
    }

    func testStableHashIsFNV1a() {
        XCTAssertEqual(StableHash.of("").hex, "cbf29ce484222325")
        XCTAssertEqual(StableHash.of("a").hex, "af63dc4c8601ec8c")
    }

    func testCommittedPolicyFileDecodes() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("policy.yml")
        let policy = try PolicyDocument.load(contentsOf: url)
        XCTAssertTrue(policy.standard.contains { $0.text == "mcr.microsoft.com/dotnet-buildtools/prereqs" })
        XCTAssertEqual(policy.maxAgeDays, 180)
        XCTAssertEqual(policy.warnBeforeEolDays, 180)
        XCTAssertTrue(policy.deprecated.contains { $0.match.matches(ImageReference.parse("mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7-20230101")) })
    }

    private func assertPolicyError(_ text: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try PolicyDocument.decode(text, file: "policy.yml"), file: file, line: line) { error in
            XCTAssertEqual(String(describing: error), expected, file: file, line: line)
        }
    }
}
