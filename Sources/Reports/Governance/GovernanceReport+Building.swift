import Extraction
import Foundation
import Inventory
import Policy

extension GovernanceReport {
    /// The rules behind each top list; a list holds only images with a finding of its rules.
    static let nonStandardRules: Set<String> = ["non-standard-image"]
    static let unapprovedBaseRules: Set<String> = ["unapproved-base-image"]
    static let outdatedRules: Set<String> = ["outdated-tag"]
    static let retiredRules: Set<String> = ["deprecated-image", "eol-os", "eol-image", "removed-tag"]
    /// The rule behind the "ending soon" list.
    static let endingSoonRule = "eol-soon"
    /// How many images each top list shows.
    static let topImageCount = 10

    /// Computes the report from its input.
    public init(_ input: GovernanceInput) {
        week = input.run.week
        run = RunInfo(input.run)
        previous = input.previous.map(RunInfo.init)
        policyEvaluated = input.findings != nil

        let trendRow = input.trend.last { $0.runID == input.run.runID }
        let previousRow = input.previous.flatMap { previous in input.trend.last { $0.runID == previous.runID } }
        let findings = input.findings ?? []
        let previousFindings = input.previousFindings

        var bySeverity: [String: Count]?
        if input.findings != nil {
            var counts: [String: Count] = [:]
            for severity in SeverityOrder.all {
                counts[severity] = Count(findings.count { $0.severity == severity },
                                         previous: previousFindings.map { list in list.count { $0.severity == severity } })
            }
            bySeverity = counts
        }
        let share = input.findings == nil ? nil : trendRow?.standardShare
        let previousShare = previousFindings == nil ? nil : previousRow?.standardShare
        headline = Headline(
            repositories: Count(trendRow?.repositories ?? Set(input.branches.map(\.repository)).count,
                                previous: previousRow?.repositories),
            // As the run row and weekly_trend count them: failed whole or in part (some branch failed).
            repositoriesFailed: Count(Set(input.failedRepositories.map(\.name) + input.failedBranches.map(\.repository)).count,
                                      previous: previousRow?.repositoriesFailed),
            branches: Count(input.branches.count, previous: previousRow?.branches),
            references: Count(input.references.count, previous: previousRow?.references),
            images: Count(Self.distinctImages(input.references), previous: input.previousReferences.map(Self.distinctImages)),
            unresolved: Count(input.references.count(where: Self.isUnresolvedPull),
                              previous: input.previousReferences.map { list in list.count(where: Self.isUnresolvedPull) }),
            standardShare: Share(share, previous: previousShare),
            findings: input.findings.map { Count($0.count, previous: previousFindings?.count) },
            findingsBySeverity: bySeverity)

        findingsByRule = Self.ruleCounts(findings, previous: previousFindings)
        nonStandardImages = Self.imageRows(findings.filter { Self.nonStandardRules.contains($0.rule) })
        unapprovedBaseImages = Self.imageRows(findings.filter { Self.unapprovedBaseRules.contains($0.rule) })
        outdatedImages = Self.imageRows(findings.filter { Self.outdatedRules.contains($0.rule) })
        retiredImages = Self.imageRows(findings.filter { Self.retiredRules.contains($0.rule) })
        endingSoon = Self.endingSoonRows(findings.filter { $0.rule == Self.endingSoonRule }, at: input.run.startedAt,
                                         catalogs: input.catalogs)
        mostUsedImages = Self.mostUsed(input.references, findings: findings)

        let urls = Dictionary(input.repositories.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let branchStates = Dictionary(input.branches.map { ("\($0.repository)\n\($0.branch)", $0) },
                                      uniquingKeysWith: { a, _ in a })
        repositories = Self.sections(findings, urls: urls, branches: branchStates, owners: input.owners)
        repositoriesWithoutFindings = max(0, Set(input.branches.map(\.repository)).subtracting(repositories.map(\.name)).count)
        failures = input.failedRepositories.map { Failure(repository: $0.name, branch: nil, error: $0.error) }
            + input.failedBranches.map { Failure(repository: $0.repository, branch: $0.branch, error: $0.error) }
        failures.sort { ($0.repository, $0.branch ?? "") < ($1.repository, $1.branch ?? "") }

        trend = input.trend.map { row in
            TrendPoint(week: row.week, runID: row.runID, repositories: row.repositories,
                       repositoriesFailed: row.repositoriesFailed, branches: row.branches, references: row.references,
                       findings: row.findings, errors: row.errors, standardShare: row.standardShare)
        }
    }

    /// Reads the week of `run` (and the week before it) from the inventory.
    public static func load(from database: AppDatabase, run: WeeklyRun) throws -> GovernanceReport {
        let previous = try database.weeklyRuns().first { $0.runID < run.runID && $0.week != run.week }
        let findings = try ReportFindings.loadIfEvaluated(from: database, runID: run.runID)
        // The owners the outreach lists address, so the report and the lists name the same people.
        var owners: [String: String] = [:]
        if let findings {
            for group in try OutreachList.load(from: database, run: run, findings: findings).groups where group.source != .none {
                for row in group.rows {
                    owners[GovernanceInput.ownerKey(repository: row.repository, branch: row.branch, path: row.path,
                                                    line: row.line)] = group.owner
                }
            }
        }
        let input = GovernanceInput(
            run: run, previous: previous,
            trend: try database.weeklyTrend(upToRun: run.runID, limit: 12),
            repositories: try database.repositories(),
            branches: try database.branchStates(asOfRun: run.runID),
            references: try database.references(asOfRun: run.runID),
            previousReferences: try previous.map { try database.references(asOfRun: $0.runID) },
            findings: findings,
            previousFindings: try previous.flatMap { try ReportFindings.loadIfEvaluated(from: database, runID: $0.runID) },
            failedRepositories: try database.failedRepositories(runID: run.runID),
            failedBranches: try database.failedBranches(runID: run.runID), owners: owners,
            catalogs: CatalogSnapshot(try database.catalogs().map(Catalog.init(record:))))
        return GovernanceReport(input)
    }

    // MARK: Computations

    static func imageKey(_ reference: Reference) -> String {
        reference.normalized ?? reference.image ?? reference.raw
    }

    static func distinctImages(_ references: [StoredReference]) -> Int {
        Set(references.filter(isPulledImage).map { imageKey($0.reference) }).count
    }

    /// A usage whose image the branch does not determine; a local build or a download is not one.
    static func isUnresolvedPull(_ stored: StoredReference) -> Bool {
        !stored.reference.resolved && stored.reference.role.bringsInImage
    }

    /// A usage that brings in an image from a registry: resolved, and neither a name given to a local build
    /// nor a download's URL.
    static func isPulledImage(_ stored: StoredReference) -> Bool {
        stored.reference.resolved && stored.reference.role.bringsInImage
    }

    static func ruleCounts(_ findings: [ReportFinding], previous: [ReportFinding]?) -> [RuleCount] {
        let byRule = Dictionary(grouping: findings, by: \.rule)
        let previousByRule = previous.map { Dictionary(grouping: $0, by: \.rule) }
        return byRule.map { rule, list in
            RuleCount(rule: rule, severity: mostPressing(list.map(\.severity)) ?? "note",
                      findings: Count(list.count, previous: previousByRule.map { $0[rule]?.count ?? 0 }),
                      repositories: Set(list.map(\.repository)).count,
                      branches: Set(list.map { "\($0.repository)\n\($0.branch)" }).count)
        }.sorted { ($1.findings.value, SeverityOrder.rank($0.severity), $0.rule) < ($0.findings.value, SeverityOrder.rank($1.severity), $1.rule) }
    }

    static func mostPressing(_ severities: [String]) -> String? {
        severities.min { SeverityOrder.rank($0) < SeverityOrder.rank($1) }
    }

    static func imageRows(_ findings: [ReportFinding]) -> [ImageRow] {
        Dictionary(grouping: findings, by: \.image).map { image, list in
            let ordered = list.sorted(by: ReportFinding.readingOrder)
            let worst = ordered.min { SeverityOrder.rank($0.severity) < SeverityOrder.rank($1.severity) }
            return ImageRow(
                image: image, rules: RuleOrder.sorted(Set(list.map(\.rule))), severity: worst?.severity,
                repositories: Set(list.map(\.repository)).count,
                branches: Set(list.map { "\($0.repository)\n\($0.branch)" }).count,
                usages: Set(list.map { "\($0.repository)\n\($0.branch)\n\($0.path)\n\($0.line)" }).count,
                suggestion: mostCommon(list.compactMap(\.suggestion)), message: worst?.message)
        }
        .sorted { ($1.branches, $1.usages, $0.image) < ($0.branches, $0.usages, $1.image) }
        .prefix(topImageCount).map { $0 }
    }

    /// One row per image with an `eol-soon` finding, soonest end of life first (unknown dates last), then
    /// most branches; every such image is listed, since each has a deadline.
    static func endingSoonRows(_ findings: [ReportFinding], at runDate: Date,
                               catalogs: CatalogSnapshot = .empty) -> [EndingSoonRow] {
        Dictionary(grouping: findings, by: \.image).map { image, list in
            let ordered = list.sorted(by: ReportFinding.readingOrder)
            let dates = EndOfLifeDate.known(for: ImageReference.parse(image), catalogs: catalogs)
            // The date the rule warned about is the earliest still to come on the run's day.
            let date = EndOfLifeDate.earliestUpcoming(dates, at: runDate) ?? dates.min { $0.day < $1.day }
            return EndingSoonRow(
                image: image, endsWhat: date?.subject, endOfLife: date?.day, daysLeft: date?.daysLeft(at: runDate),
                severity: mostPressing(list.map(\.severity)) ?? "warning",
                repositories: Set(list.map(\.repository)).sorted(),
                branches: Set(list.map { "\($0.repository)\n\($0.branch)" }).count,
                usages: Set(list.map { "\($0.repository)\n\($0.branch)\n\($0.path)\n\($0.line)" }).count,
                suggestion: mostCommon(list.compactMap(\.suggestion)), message: ordered.first?.message ?? "")
        }
        .sorted { a, b in
            (a.endOfLife == nil ? 1 : 0, a.endOfLife ?? "", b.branches, b.usages, a.image)
                < (b.endOfLife == nil ? 1 : 0, b.endOfLife ?? "", a.branches, a.usages, b.image)
        }
    }

    static func mostUsed(_ references: [StoredReference], findings: [ReportFinding]) -> [ImageRow] {
        let rulesByImage = Dictionary(grouping: findings, by: \.image)
        return Dictionary(grouping: references.filter(isPulledImage)) { imageKey($0.reference) }.map { image, list in
            let imageFindings = rulesByImage[image] ?? []
            return ImageRow(
                image: image, rules: RuleOrder.sorted(Set(imageFindings.map(\.rule))),
                severity: mostPressing(imageFindings.map(\.severity)),
                repositories: Set(list.map(\.repository)).count,
                branches: Set(list.map { "\($0.repository)\n\($0.branch)" }).count, usages: list.count,
                suggestion: mostCommon(imageFindings.compactMap(\.suggestion)), message: nil)
        }
        .sorted { ($1.branches, $1.usages, $0.image) < ($0.branches, $0.usages, $1.image) }
        .prefix(topImageCount).map { $0 }
    }

    static func mostCommon(_ values: [String]) -> String? {
        let counts = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
        return counts.min { ($1.value, $0.key) < ($0.value, $1.key) }?.key
    }

    static func sections(_ findings: [ReportFinding], urls: [String: RepositoryInfo],
                         branches: [String: BranchState], owners: [String: String]) -> [RepositorySection] {
        Dictionary(grouping: findings, by: \.repository).map { name, list in
            let info = urls[name]
            let branchSections = Dictionary(grouping: list, by: \.branch).map { branch, branchFindings in
                let state = branches["\(name)\n\(branch)"]
                return BranchSection(
                    name: branch, commitID: state?.commitID ?? branchFindings.first?.commitID, stale: state?.stale ?? false,
                    findings: branchFindings.sorted(by: ReportFinding.readingOrder).map { finding in
                        LinkedFinding(path: finding.path, line: finding.line,
                                      link: info.flatMap { SourceLink.url(repositoryURL: $0.url, commit: finding.commitID,
                                                                          path: finding.path, line: finding.line) },
                                      image: finding.image, rule: finding.rule, severity: finding.severity,
                                      message: finding.message, suggestion: finding.suggestion,
                                      owner: owners[GovernanceInput.ownerKey(repository: name, branch: branch,
                                                                             path: finding.path, line: finding.line)]
                                          ?? info?.team ?? finding.team)
                    })
            }.sorted { $0.name < $1.name }
            var severities: [String: Int] = [:]
            for finding in list { severities[finding.severity, default: 0] += 1 }
            return RepositorySection(name: name, team: info?.team ?? list.first?.team, url: info?.url ?? "",
                                     findings: list.count, severities: severities, branches: branchSections)
        }.sorted {
            ($1.severities["error"] ?? 0, $1.findings, $0.name) < ($0.severities["error"] ?? 0, $0.findings, $1.name)
        }
    }
}

extension GovernanceReport.RunInfo {
    init(_ run: WeeklyRun) {
        self.init(id: run.runID, week: run.week, startedAt: run.startedAt, status: run.status.rawValue)
    }
}

/// The order reports list rules in (as docs/policy.md states it).
public enum RuleOrder {
    /// Every rule id, in report order.
    public static let all = ["non-standard-image", "unapproved-base-image", "removed-tag", "unknown-tag", "outdated-tag",
                             "deprecated-image", "eol-os", "eol-image", "eol-soon",
                             "mutable-tag", "unresolved-reference"]

    /// `rules` in report order; unknown ids last, alphabetically.
    public static func sorted(_ rules: Set<String>) -> [String] {
        rules.sorted { (all.firstIndex(of: $0) ?? all.count, $0) < (all.firstIndex(of: $1) ?? all.count, $1) }
    }
}
