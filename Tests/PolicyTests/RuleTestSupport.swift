import Extraction
import Foundation
@testable import Policy

/// Shared inputs for rule tests: a policy, a prereqs catalog with a lifecycle, and a fixed "now".
enum RuleFixture {
    static let now = CalendarDay.parse("2026-11-22")!
    static let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs"

    static let policyText = """
    standard:
      - mcr.microsoft.com/dotnet-buildtools/prereqs
      - mcr.microsoft.com/dotnet/*
    approvedBaseImages:
      - mcr.microsoft.com/azurelinux/base/core
      - mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-*
    maxAgeDays: 180
    deprecated:
      - match: "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*"
        reason: CentOS 7 is end of life
        replacement: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64
      - match: "node:14*"
        reason: Node.js 14 is end of life
    """

    static var policy: PolicyDocument {
        // The text is a constant of this file; failing to decode it is a test bug worth crashing on.
        try! PolicyDocument.decode(policyText, file: "policy.yml")
    }

    static func day(_ text: String) -> Date { CalendarDay.parse(text)! }

    static var prereqsCatalog: Catalog {
        Catalog(repository: prereqs, origin: .manifest, source: "git /srv/prereqs.git main:manifest.json",
                fetchedAt: day("2026-11-20"), tags: [
                    CatalogTag(tag: "ubuntu-18.04-cross-arm64", firstSeen: day("2019-01-10"), removedAt: day("2026-04-16")),
                    CatalogTag(tag: "ubuntu-22.04-cross-arm64", firstSeen: day("2022-05-01")),
                    CatalogTag(tag: "azurelinux-3.0-net10.0-cross-arm64", firstSeen: day("2025-03-01")),
                    CatalogTag(tag: "azurelinux-3.0-net10.0-build-amd64", firstSeen: day("2025-03-01")),
                    CatalogTag(tag: "ubuntu-18.04-helix-amd64", firstSeen: day("2018-06-01"), removedAt: day("2023-06-01")),
                    CatalogTag(tag: "ubuntu-24.04-helix-amd64", firstSeen: day("2024-05-01")),
                    CatalogTag(tag: "centos-7", firstSeen: day("2017-01-01"), removedAt: day("2024-07-01")),
                    CatalogTag(tag: "alpine-3.13-WithNode", firstSeen: day("2021-02-01"), removedAt: day("2022-12-01")),
                    CatalogTag(tag: "alpine-3.22-WithNode", firstSeen: day("2025-06-01")),
                    CatalogTag(tag: "cbl-mariner-2.0-cross-arm64", firstSeen: day("2022-06-01")),
                ])
    }

    static var registryCatalog: Catalog {
        Catalog(repository: "registry.example.com/team/base", origin: .registry, source: "registry https://registry.example.com",
                fetchedAt: day("2026-11-21"), tags: [
                    CatalogTag(tag: "1.0", firstSeen: day("2025-01-01"), created: day("2026-01-01")),
                    CatalogTag(tag: "2.0", firstSeen: day("2026-10-01"), created: day("2026-10-01")),
                ])
    }

    static var catalogs: CatalogSnapshot { CatalogSnapshot([prereqsCatalog, registryCatalog]) }

    static func usage(_ image: String, kind: String = "azure-pipelines/job-container", path: String = "eng/ci.yml",
                      line: Int = 12) -> Reference {
        Reference(path: path, fact: ReferenceFact(line: line, kind: kind, raw: image, value: .literal(image)),
                  image: image, unresolvedReason: nil)
    }

    static func check(_ rule: some PolicyRule, _ image: String, kind: String = "azure-pipelines/job-container",
                      policy: PolicyDocument = RuleFixture.policy, catalogs: CatalogSnapshot = RuleFixture.catalogs) -> RuleCheck {
        rule.check(RuleSubject(reference: usage(image, kind: kind), policy: policy, catalogs: catalogs, now: now))
    }
}

extension RuleCheck {
    var isViolation: Bool { if case .violated = self { return true } else { return false } }
    var isPass: Bool { if case .passed = self { return true } else { return false } }
    var isNotApplicable: Bool { if case .notApplicable = self { return true } else { return false } }
    var message: String? { if case .violated(let message, _, _) = self { return message } else { return nil } }
    var suggestedImage: String? { if case .violated(_, let suggestion, _) = self { return suggestion?.image } else { return nil } }
    var explanation: String? { if case .violated(_, _, let explanation) = self { return explanation } else { return nil } }
}
