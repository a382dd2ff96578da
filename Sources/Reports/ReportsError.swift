/// Everything that can go wrong producing a report, with what to do about it.
public enum ReportsError: Error, CustomStringConvertible, Equatable {
    /// `--week` is not an ISO week such as `2026-W47`.
    case invalidWeek(String)
    /// No finished crawl started in the requested week.
    case noRunInWeek(week: String, available: [String])
    /// The inventory holds no finished crawl to report on.
    case noRuns
    /// A run id names no run.
    case unknownRun(Int64)
    /// A diff needs two runs and the inventory has fewer.
    case notEnoughRunsToCompare(found: Int)
    /// A report file or folder could not be written.
    case cannotWrite(path: String, reason: String)
    /// A migration glob is empty or matches everything.
    case invalidMigrationPattern(String)
    /// The `--image` pattern of an impact report is empty or matches every image.
    case invalidImpactPattern(String)
    /// The run has no findings because it was not judged against a policy.
    case notEvaluated(runID: Int64, week: String)
    /// `--team` names no owner with findings this week.
    case unknownOwner(String, known: [String])
    /// `--repo` names no repository of the inventory.
    case unknownRepository(String, known: [String])
    /// A `census cleanup execute --plan` file cannot be read or is not a plan.
    case invalidCleanupPlan(path: String, problem: String)
    /// `census cleanup plan --repository` names no catalog of the policy with stored data.
    case unknownCatalog(String, known: [String])

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .invalidWeek(let text):
            return "\"\(text)\" is not an ISO week; write it as YYYY-Www, e.g. 2026-W47"
        case .noRunInWeek(let week, let available):
            let known = available.isEmpty ? "no week has one yet" : "weeks with a run: " + available.joined(separator: ", ")
            return "no finished crawl started in week \(week) (\(known)); run `census crawl` or pick another --week"
        case .noRuns:
            return "the inventory holds no finished crawl yet; run `census crawl` first (or pass --db)"
        case .unknownRun(let id):
            return "there is no run #\(id) in the inventory; `census sql \"SELECT id, started_at, status FROM run\"` lists them"
        case .notEnoughRunsToCompare(let found):
            return "a diff compares two runs and the inventory holds \(found); crawl again or pass --from and --to"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason) (check that the folder is writable, or pass --out)"
        case .notEvaluated(let runID, let week):
            return "run #\(runID) (week \(week)) was not judged against a policy, so it has no findings to send; "
                + "crawl with a policy.yml present (or --policy PATH) and report again"
        case .unknownOwner(let team, let known):
            let list = known.isEmpty ? "nobody has findings this week"
                : CloseNames(for: team, among: known).phrase("owners with findings")
            return "no findings are addressed to \"\(team)\" this week (\(list))"
        case .unknownRepository(let name, let known):
            let names = CloseNames(for: name, among: known)
            return "no repository named \"\(name)\" is in the inventory (\(names.phrase("repositories")))"
                + (names.names.isEmpty && !known.isEmpty ? "; `census sql \"SELECT name FROM repository\"` lists them" : "")
        case .invalidCleanupPlan(let path, let problem):
            return "\(path): cannot use it as a clean-up plan: \(problem); write one with `census cleanup plan`"
        case .unknownCatalog(let name, let known):
            let list = known.isEmpty ? "no catalog is stored yet; run `census catalog sync` or `census crawl` with the policy"
                : CloseNames(for: name, among: known).phrase("catalogs")
            return "no stored catalog of the policy is for \"\(name)\" (\(list))"
        case .invalidMigrationPattern(let pattern):
            return "--from \"\(pattern)\" must name the images being migrated away from, e.g. '*prereqs:centos-7*'"
        case .invalidImpactPattern(let pattern):
            return "--image \"\(pattern)\" must name the banned or end-of-life base images, e.g. 'docker.io/library/centos:7*'"
        }
    }
}
