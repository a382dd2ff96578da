import Foundation
import Extraction
import Inventory
import Policy

extension OutreachList {
    /// Assigns each finding to its owner. `codeowners` returns the CODEOWNERS files stored for a
    /// repository's commit (empty when none).
    public init(run: WeeklyRun, findings: [ReportFinding], repositories: [RepositoryInfo],
                codeowners: (_ repository: String, _ commit: String) throws -> [CodeownersFile]) rethrows {
        week = run.week
        runID = run.runID
        runStartedAt = run.startedAt
        var owners = FileOwners(repositories: repositories)
        var grouped: [String: (source: OwnerSource, contacts: Set<String>, rows: [Row])] = [:]

        for finding in findings.sorted(by: ReportFinding.readingOrder) {
            let info = owners.repository(finding.repository)
            let decided = try owners.owner(repository: finding.repository, commit: finding.commitID, path: finding.path,
                                           team: finding.team, codeowners: codeowners)
            let (owner, source) = (decided.name, decided.source)
            let row = Row(
                repository: finding.repository, branch: finding.branch, commitID: finding.commitID, path: finding.path,
                line: finding.line,
                link: info.flatMap { SourceLink.url(repositoryURL: $0.url, commit: finding.commitID, path: finding.path,
                                                    line: finding.line) },
                image: finding.image, rule: finding.rule, severity: finding.severity, message: finding.message,
                suggestion: finding.suggestion, team: info?.team ?? finding.team, codeownersRule: decided.codeownersRule)
            let key = "\(source.rawValue)\n\(owner)"
            // Changed in place: a copy taken out and put back copied every row of the group each time.
            if source == .team, let contact = info?.contact, !contact.isEmpty {
                grouped[key, default: (source, [], [])].contacts.insert(contact)
            }
            grouped[key, default: (source, [], [])].rows.append(row)
        }

        var usedNames: Set<String> = ["outreach"]
        groups = grouped.map { key, value in
            (owner: String(key.split(separator: "\n", maxSplits: 1).last ?? ""), value: value)
        }
        .sorted { ($0.value.source == .none ? 1 : 0, $0.owner.lowercased(), $0.owner) < ($1.value.source == .none ? 1 : 0, $1.owner.lowercased(), $1.owner) }
        .map { owner, value in
            var name = Self.fileName(for: owner)
            var suffix = 2
            while usedNames.contains(name) {
                name = Self.fileName(for: owner) + "-\(suffix)"
                suffix += 1
            }
            usedNames.insert(name)
            return Group(owner: owner, source: value.source, contacts: value.contacts.sorted(), fileName: name,
                         rows: value.rows)
        }
    }

    /// Reads the week's findings' owners from the inventory.
    public static func load(from database: AppDatabase, run: WeeklyRun, findings: [ReportFinding]) throws -> OutreachList {
        var list = try OutreachList(run: run, findings: findings, repositories: try database.repositories()) { repository, commit in
            try database.codeowners(repository: repository, commit: commit)
        }
        let catalogs = CatalogSnapshot(try database.catalogs().map(Catalog.init(record:)))
        for image in Set(findings.map(\.image)) {
            let parsed = ImageReference.parse(image)
            let lifecycle = parsed.nameWithoutTag.flatMap(catalogs.catalog(for:))?.lifecycleRecord(for: parsed)?.lifecycle
            if let end = lifecycle?.endOfLife { list.registryEndOfLife[image] = CalendarDay.format(end) }
        }
        return list
    }

    /// The groups addressed to `team`: its exact name, or any owner handle in the group (`@` optional,
    /// case-insensitive).
    public func groups(for team: String) -> [Group] {
        let wanted = team.lowercased()
        let handle = wanted.hasPrefix("@") ? wanted : "@" + wanted
        return groups.filter { group in
            let owner = group.owner.lowercased()
            return owner == wanted || owner.split(separator: " ").contains { $0 == wanted || $0 == handle }
        }
    }

    /// A file-name-safe slug of an owner: `@dotnet/docker-team` → `dotnet-docker-team`.
    static func fileName(for owner: String) -> String {
        var slug = ""
        for character in owner.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "_") {
                slug.append(character)
            } else if !slug.isEmpty && !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        let trimmed = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        return trimmed.isEmpty ? "owner" : String(trimmed.prefix(80))
    }
}
