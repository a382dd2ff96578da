/// The plan for people: per repository and branch, what changes (usage, from → to, where written), the
/// diff of every edited file, what is left alone and why, and whether the re-scan proved the change.
enum MigrationPlanMarkdown {
    static func render(_ plan: MigrationPlan) -> String {
        var out = "# Migration plan: \(plan.title)\n\n"
        let changed = plan.branches.reduce(0) { $0 + $1.changes.reduce(0) { $0 + $1.usages.count } }
        let left = plan.branches.reduce(0) { $0 + $1.leftAlone.count }
        out += "\(plan.branches.count) branch\(plan.branches.count == 1 ? "" : "es") looked at; "
            + "\(plan.offered.count) verified change\(plan.offered.count == 1 ? "" : "s") "
            + "(\(changed) usage\(changed == 1 ? "" : "s") moved); \(left) usage\(left == 1 ? "" : "s") left alone; "
            + "\(plan.failed.count) not offered.\n"
        for branch in plan.branches {
            out += "\n## \(branch.repository) @ \(branch.branch)\n\n"
            if let problem = branch.problem {
                out += "Not looked at: \(problem)\n"
                continue
            }
            out += "Scanned commit `\(branch.scannedCommit.prefix(12))`. "
            switch branch.verification {
            case .passed:
                out += "Change: commit `\(branch.commit.map { String($0.prefix(12)) } ?? "-")`, verified by a re-scan"
                out += branch.createdBranch.map { " — on branch `\($0)`.\n" } ?? " (dry run: no branch created).\n"
            case .failed(let problems):
                out += "**Not offered: the re-scan of the change disagrees with the plan.**\n\n"
                out += problems.map { "- \($0)" }.joined(separator: "\n") + "\n"
            case .notRun:
                out += "Nothing to change.\n"
            }
            if !branch.changes.isEmpty {
                out += "\n| usage | kind | from | to | written at |\n|---|---|---|---|---|\n"
                for change in branch.changes {
                    for usage in change.usages {
                        out += "| \(usage.location) | `\(usage.kind)` | `\(change.from)` | `\(change.to)` | \(change.site.location) |\n"
                    }
                }
            }
            for file in branch.files {
                out += "\n```diff\n\(file.diff)```\n"
            }
            if !branch.leftAlone.isEmpty {
                out += "\nLeft alone:\n\n"
                out += branch.leftAlone.map { "- \($0.location) `\($0.image)` (`\($0.kind)`): \($0.reason)" }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }
}
