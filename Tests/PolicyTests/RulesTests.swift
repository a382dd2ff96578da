import Extraction
import XCTest
@testable import Policy

final class RulesTests: XCTestCase {
    private let prereqs = RuleFixture.prereqs

    // MARK: unresolved-reference

    func testUnresolvedReferenceIsReportedWithItsReason() {
        let reference = Reference(path: "eng/ci.yml", fact: ReferenceFact(line: 7, kind: "azure-pipelines/job-container",
                                                                            raw: "$(BuildImage)", value: .unresolved(reason: "x")),
                                  image: nil, unresolvedReason: "variable 'BuildImage' is set at queue time")
        let check = UnresolvedReferenceRule().check(RuleSubject(reference: reference, policy: RuleFixture.policy,
                                                                catalogs: .empty, now: RuleFixture.now))
        XCTAssertEqual(check.message, "'$(BuildImage)' cannot be resolved within the branch: variable 'BuildImage' is set at queue time.")
        XCTAssertTrue(NonStandardImageRule().check(RuleSubject(reference: reference, policy: RuleFixture.policy,
                                                               catalogs: .empty, now: RuleFixture.now)).isNotApplicable)
    }

    func testInvalidReferenceIsUnresolvedToo() {
        XCTAssertEqual(RuleFixture.check(UnresolvedReferenceRule(), "Ubuntu:22.04").message,
                       "'Ubuntu:22.04' is not a valid image reference: repository name must be lowercase: \"Ubuntu\".")
        XCTAssertTrue(RuleFixture.check(UnresolvedReferenceRule(), "ubuntu:22.04").isPass)
    }

    // MARK: mutable-tag

    func testLatestAndMissingTagsAreMutable() {
        XCTAssertEqual(RuleFixture.check(MutableTagRule(), "ubuntu").message,
                       "'ubuntu' has no tag, so it pulls 'latest': the image can change under the build at any time. Pin a version tag.")
        XCTAssertEqual(RuleFixture.check(MutableTagRule(), "mcr.microsoft.com/dotnet/sdk:latest").message,
                       "'mcr.microsoft.com/dotnet/sdk:latest' uses the 'latest' tag: the image can change under the build at any time. Pin a version tag.")
    }

    func testExplicitTagsAndDigestsAreNotMutable() {
        XCTAssertTrue(RuleFixture.check(MutableTagRule(), "ubuntu:24.04").isPass)
        XCTAssertTrue(RuleFixture.check(MutableTagRule(), "ubuntu@sha256:" + String(repeating: "a", count: 64)).isPass)
    }

    // MARK: non-standard-image

    func testImageOutsideTheStandardListIsNonStandard() {
        XCTAssertEqual(RuleFixture.check(NonStandardImageRule(), "node:20").message,
                       "'node:20' is not a standard image. Use an image from: mcr.microsoft.com/dotnet-buildtools/prereqs, mcr.microsoft.com/dotnet/*.")
    }

    func testStandardPrefixAndApprovedBasesAreStandard() {
        XCTAssertTrue(RuleFixture.check(NonStandardImageRule(), "mcr.microsoft.com/dotnet/sdk:8.0").isPass)
        XCTAssertTrue(RuleFixture.check(NonStandardImageRule(), "mcr.microsoft.com/azurelinux/base/core:3.0").isPass)
    }

    func testDockerfileFromIsLeftToTheBaseImageRule() {
        XCTAssertTrue(RuleFixture.check(NonStandardImageRule(), "node:20", kind: "dockerfile/from").isNotApplicable)
    }

    // MARK: unapproved-base-image

    func testUnapprovedFromIsAnErrorWithTheApprovedBaseAsSuggestion() {
        let check = RuleFixture.check(UnapprovedBaseImageRule(), "ubuntu:22.04", kind: "dockerfile/from")
        XCTAssertEqual(check.message, "Base image 'ubuntu:22.04' is not approved. Build FROM one of: mcr.microsoft.com/azurelinux/base/core, mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-*.")
        XCTAssertEqual(check.suggestedImage, "mcr.microsoft.com/azurelinux/base/core:3.0")
    }

    func testApprovedTagGlobAllowsOnlyMatchingTags() {
        XCTAssertTrue(RuleFixture.check(UnapprovedBaseImageRule(), "\(prereqs):azurelinux-3.0-net10.0-build-amd64", kind: "dockerfile/from").isPass)
        XCTAssertTrue(RuleFixture.check(UnapprovedBaseImageRule(), "\(prereqs):ubuntu-24.04-helix-amd64", kind: "dockerfile/from").isViolation)
    }

    func testBaseImageRuleIgnoresOtherKinds() {
        XCTAssertTrue(RuleFixture.check(UnapprovedBaseImageRule(), "ubuntu:22.04", kind: "dockerfile/copy-from").isNotApplicable)
    }

    // MARK: deprecated-image

    func testDeprecatedImageCarriesReasonAndReplacement() {
        let check = RuleFixture.check(DeprecatedImageRule(), "\(prereqs):centos-7-20210714125435-9b5bbc2")
        XCTAssertEqual(check.message, "'\(prereqs):centos-7-20210714125435-9b5bbc2' is deprecated: CentOS 7 is end of life. Move to mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64.")
        XCTAssertEqual(check.suggestedImage, "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64")
        XCTAssertEqual(check.explanation?.hasPrefix("The policy deprecates 'mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*' (policy.yml:9)."), true)
    }

    func testDeprecationWithoutReplacementSaysSo() {
        let check = RuleFixture.check(DeprecatedImageRule(), "node:14-alpine")
        XCTAssertEqual(check.message, "'node:14-alpine' is deprecated: Node.js 14 is end of life.")
        XCTAssertNil(check.suggestedImage)
        XCTAssertTrue(RuleFixture.check(DeprecatedImageRule(), "node:20").isPass)
    }

    // MARK: removed-tag

    func testRemovedTagNamesItsRemovalDateAndTheSameFamilyOnANewerOS() {
        let check = RuleFixture.check(RemovedTagRule(), "\(prereqs):ubuntu-18.04-cross-arm64")
        XCTAssertEqual(check.message, "'\(prereqs):ubuntu-18.04-cross-arm64' was removed from the standard set on 2026-04-16 and is no longer rebuilt. Move to \(prereqs):ubuntu-22.04-cross-arm64.")
        XCTAssertEqual(check.suggestedImage, "\(prereqs):ubuntu-22.04-cross-arm64")
    }

    func testTimestampedBuildOfARemovedTagIsRemoved() {
        let check = RuleFixture.check(RemovedTagRule(), "\(prereqs):ubuntu-18.04-helix-amd64-8bd2c1b-20230223184447")
        XCTAssertEqual(check.message, "'\(prereqs):ubuntu-18.04-helix-amd64-8bd2c1b-20230223184447' is a build of 'ubuntu-18.04-helix-amd64', which was removed from the standard set on 2023-06-01 and is no longer rebuilt. Move to \(prereqs):ubuntu-24.04-helix-amd64.")
    }

    func testCurrentTagIsNotRemoved() {
        XCTAssertTrue(RuleFixture.check(RemovedTagRule(), "\(prereqs):ubuntu-22.04-cross-arm64").isPass)
        XCTAssertTrue(RuleFixture.check(RemovedTagRule(), "ubuntu:18.04").isNotApplicable)
    }

    func testStaleCatalogIsReportedInTheExplanation() {
        var catalog = RuleFixture.prereqsCatalog
        catalog.staleReason = "registry unreachable"
        let check = RuleFixture.check(RemovedTagRule(), "\(prereqs):ubuntu-18.04-cross-arm64", catalogs: CatalogSnapshot([catalog]))
        XCTAssertEqual(check.explanation?.hasSuffix(" The catalog could not be refreshed (registry unreachable); its facts are from 2026-11-20."), true)
    }

    // MARK: unknown-tag

    func testTagTheCatalogNeverDefinedIsUnknown() {
        let check = RuleFixture.check(UnknownTagRule(), "\(prereqs):ubuntu-22.04-cross-arm46")
        XCTAssertEqual(check.message, "'\(prereqs):ubuntu-22.04-cross-arm46' is not a tag the standard set of \(prereqs) has ever defined. Use a current tag of the catalog.")
        XCTAssertEqual(RuleFixture.check(UnknownTagRule(), "\(prereqs):ubuntu-20.04-cross-arm64").suggestedImage,
                       "\(prereqs):ubuntu-22.04-cross-arm64")
    }

    func testKnownTagsAndTimestampedBuildsOfKnownTagsAreNotUnknown() {
        XCTAssertTrue(RuleFixture.check(UnknownTagRule(), "\(prereqs):ubuntu-18.04-cross-arm64").isPass)
        XCTAssertTrue(RuleFixture.check(UnknownTagRule(), "\(prereqs):ubuntu-24.04-helix-amd64-20250101120000-abcdef1").isPass)
        XCTAssertTrue(RuleFixture.check(UnknownTagRule(), "mcr.microsoft.com/dotnet/sdk:8.0").isNotApplicable)
    }

    // MARK: outdated-tag

    func testCurrentFloatingTagIsNeverOutdated() {
        guard case .passed(let reason) = RuleFixture.check(OutdatedTagRule(), "\(prereqs):ubuntu-22.04-cross-arm64") else {
            return XCTFail("expected a pass")
        }
        XCTAssertEqual(reason, "'\(prereqs):ubuntu-22.04-cross-arm64' is a current floating tag of the standard set, rebuilt with OS patches")
    }

    func testRemovedTagAgesFromItsRemoval() {
        XCTAssertEqual(RuleFixture.check(OutdatedTagRule(), "\(prereqs):ubuntu-18.04-cross-arm64").message,
                       "'\(prereqs):ubuntu-18.04-cross-arm64' is 220 days old (removed from the standard set on 2026-04-16 and not rebuilt since); the limit is 180 days. Move to \(prereqs):ubuntu-22.04-cross-arm64.")
    }

    func testTimestampedTagAgesFromItsTimestamp() {
        XCTAssertEqual(RuleFixture.check(OutdatedTagRule(), "\(prereqs):ubuntu-24.04-helix-amd64-abcdef1-20230223184447").message,
                       "'\(prereqs):ubuntu-24.04-helix-amd64-abcdef1-20230223184447' is 1367 days old (built on 2023-02-23 according to the timestamp in its tag); the limit is 180 days. Move to \(prereqs):ubuntu-24.04-helix-amd64.")
        XCTAssertTrue(RuleFixture.check(OutdatedTagRule(), "\(prereqs):ubuntu-24.04-helix-amd64-abcdef1-20261001000000").isPass)
    }

    func testRegistryTagAgesFromItsBuildDate() {
        XCTAssertEqual(RuleFixture.check(OutdatedTagRule(), "registry.example.com/team/base:1.0").message,
                       "'registry.example.com/team/base:1.0' is 325 days old (built on 2026-01-01 according to the registry); the limit is 180 days. Move to a current tag.")
        XCTAssertTrue(RuleFixture.check(OutdatedTagRule(), "registry.example.com/team/base:2.0").isPass)
    }

    func testAgeIsUnknownWithoutCatalogOrTimestamp() {
        XCTAssertTrue(RuleFixture.check(OutdatedTagRule(), "node:20").isNotApplicable)
    }

    // MARK: eol-os

    func testEndOfLifePrereqsTagSuggestsSameFamilyOnSupportedOS() {
        let check = RuleFixture.check(EndOfLifeOSRule(), "\(prereqs):alpine-3.13-WithNode")
        XCTAssertEqual(check.message, "'\(prereqs):alpine-3.13-WithNode' is built on Alpine 3.13, which reached end of life on 2022-11-01 and gets no security fixes. Move to \(prereqs):alpine-3.22-WithNode.")
    }

    func testEndOfLifeOfficialImageSuggestsTheNewestRelease() {
        XCTAssertEqual(RuleFixture.check(EndOfLifeOSRule(), "ubuntu:16.04").suggestedImage, "ubuntu:24.04")
        XCTAssertEqual(RuleFixture.check(EndOfLifeOSRule(), "debian:buster-slim").suggestedImage, "debian:trixie-slim")
        XCTAssertEqual(RuleFixture.check(EndOfLifeOSRule(), "ubuntu:xenial-20210416").suggestedImage, "ubuntu:noble")
        XCTAssertEqual(RuleFixture.check(EndOfLifeOSRule(), "mcr.microsoft.com/cbl-mariner/base/core:2.0").suggestedImage,
                       "mcr.microsoft.com/cbl-mariner/base/core:3.0")
    }

    func testCentOSHasNoSuccessorImageToGuess() {
        let check = RuleFixture.check(EndOfLifeOSRule(), "centos:7")
        XCTAssertEqual(check.message, "'centos:7' is built on CentOS 7, which reached end of life on 2024-06-30 and gets no security fixes.")
        XCTAssertNil(check.suggestedImage)
    }

    func testSupportedOSPasses() {
        guard case .passed(let reason) = RuleFixture.check(EndOfLifeOSRule(), "ubuntu:24.04") else { return XCTFail("expected a pass") }
        XCTAssertEqual(reason, "built on Ubuntu 24.04 (noble), supported until 2029-05-31")
        XCTAssertTrue(RuleFixture.check(EndOfLifeOSRule(), "nginx:1.27").isNotApplicable)
    }
}
