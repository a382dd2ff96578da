import Foundation
import Inventory

extension MigrationReport {
    /// Builds the report for the week of `run` and the `weeks - 1` weekly runs before it.
    ///
    /// `from` and `to` are SQLite GLOBs over the normalized image or the image as resolved
    /// (case-sensitive; `*` also matches `/`).
    public static func load(from database: AppDatabase, fromPattern: String, toPattern: String?, run: WeeklyRun,
                            weeks: Int = 12) throws -> MigrationReport {
        let pattern = fromPattern.trimmingCharacters(in: .whitespaces)
        guard !pattern.isEmpty, pattern.contains(where: { $0 != "*" }) else {
            throw ReportsError.invalidMigrationPattern(fromPattern)
        }
        let weekly = try database.weeklyRuns().filter { $0.runID <= run.runID }.prefix(max(1, weeks)).reversed()
        var points: [Point] = []
        var remaining: [StoredReference] = []
        for weekRun in weekly {
            let matching = try database.references(asOfRun: weekRun.runID, ReferenceFilter(image: pattern))
            var point = Point(week: weekRun.week, runID: weekRun.runID, fromUsages: matching.count,
                              fromBranches: branches(matching), fromRepositories: repositories(matching))
            if let toPattern {
                let adopted = try database.references(asOfRun: weekRun.runID, ReferenceFilter(image: toPattern))
                point.toUsages = adopted.count
                point.toBranches = branches(adopted)
                point.toRepositories = repositories(adopted)
            }
            points.append(point)
            if weekRun.runID == run.runID { remaining = matching }
        }
        let urls = Dictionary(try database.repositories().map { ($0.name, $0.url) }, uniquingKeysWith: { a, _ in a })
        // A recorded change covers a usage read from the very commit the change builds on; the newest one names it.
        let proposals = Dictionary(grouping: try database.migrationChanges(), by: { "\($0.repository)\n\($0.branch)\n\($0.scannedCommit)" })
        func proposal(for stored: StoredReference) -> String? {
            proposals["\(stored.repository)\n\(stored.branch)\n\(stored.commitID.lowercased())"]?
                .last { $0.covers(path: stored.reference.path, line: stored.reference.line) }?.place
        }
        return MigrationReport(
            from: pattern, to: toPattern, week: run.week, runID: run.runID, runStartedAt: run.startedAt,
            weeks: points,
            remaining: remaining.map { stored in
                Usage(repository: stored.repository, team: stored.team, branch: stored.branch,
                      commitID: stored.commitID, path: stored.reference.path, line: stored.reference.line,
                      kind: stored.reference.kind,
                      image: stored.reference.normalized ?? stored.reference.image ?? stored.reference.raw,
                      link: urls[stored.repository].flatMap {
                          SourceLink.url(repositoryURL: $0, commit: stored.commitID, path: stored.reference.path,
                                         line: stored.reference.line)
                      },
                      stale: stored.stale, changeProposed: proposal(for: stored))
            })
    }

    static func branches(_ references: [StoredReference]) -> Int {
        Set(references.map { "\($0.repository)\n\($0.branch)" }).count
    }

    static func repositories(_ references: [StoredReference]) -> Int {
        Set(references.map(\.repository)).count
    }
}
