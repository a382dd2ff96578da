/// The plan for people: per repository and branch, what changes (usage, from → to, where written), the
/// diff of every edited file, what is left alone and why, and whether the re-scan proved the change.
enum MigrationPlanMarkdown {
    static func render(_ plan: MigrationPlan) -> String {
        var out = "# Migration plan: \(plan.title)\n\n"
        let changed = plan.branches.reduce(0) { $0 + Set($1.changes.flatMap { $0.usages.map(\.usage) }).count }
        let left = plan.branches.reduce(0) { $0 + $1.leftAlone.count }
        out += "\(plan.branches.count) branch\(plan.branches.count == 1 ? "" : "es") looked at; "
            + "\(plan.offered.count) verified change\(plan.offered.count == 1 ? "" : "s") "
            + "(\(changed) usage\(changed == 1 ? "" : "s") moved); \(left) usage\(left == 1 ? "" : "s") left alone; "
            + "\(plan.failed.count) not offered.\n"
        let quiet = plan.branches.filter { $0.problem == nil && $0.note == nil && $0.changes.isEmpty && $0.leftAlone.isEmpty && $0.commit == nil }
        for branch in plan.branches where !quiet.contains(where: { $0.repository == branch.repository && $0.branch == branch.branch }) {
            out += "\n## \(branch.repository) @ \(branch.branch)\n\n"
            if let problem = branch.problem {
                out += "Not looked at: \(problem)\n"
                continue
            }
            out += "Scanned commit `\(branch.scannedCommit.prefix(12))`. "
            if let note = branch.note { out += "Note: \(note). " }
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
            if let push = branch.push {
                switch push.outcome {
                case .refused:
                    out += "\n**Not pushed**: \(push.error ?? "refused").\n"
                case .created, .replaced, .alreadyPresent:
                    let how = push.outcome == .created ? "created" : push.outcome == .replaced
                        ? "replacing our earlier push" : "it already held this commit"
                    out += "\nPushed to `\(push.branch)` (\(how))."
                    if let url = push.compareURL { out += " Open a pull request: <\(url)>." }
                    if let file = push.pullRequestFile { out += " Pull-request text: `\(file)`." }
                    out += "\n"
                }
            }
            if !branch.changes.isEmpty {
                out += "\n| usage | kind | from | to | written at |\n|---|---|---|---|---|\n"
                let rows = branch.changes.flatMap { change in change.usages.map { (item: $0, change: change) } }
                    .sorted { ($0.item.usage, $0.change.site) < ($1.item.usage, $1.change.site) }
                for (item, change) in rows {
                    let written = change.to == item.target
                        ? change.site.location : "\(change.site.location) (`\(change.from)` → `\(change.to)`)"
                    out += "| \(item.usage.location) | `\(item.usage.kind)` | `\(item.usage.image)` | `\(item.target)` | \(written) |\n"
                }
            }
            for file in branch.files {
                // A fence longer than any run of backticks in the diff, so the diff cannot close it.
                let fence = file.diff.contains("```") ? "~~~~" : "```"
                out += "\n\(fence)diff\n\(file.diff)\(fence)\n"
            }
            if !branch.leftAlone.isEmpty {
                out += "\nLeft alone:\n\n"
                out += branch.leftAlone.map { "- \($0.location) `\($0.image)` (`\($0.kind)`): \($0.reason)" }.joined(separator: "\n") + "\n"
            }
        }
        if !quiet.isEmpty {
            out += "\nNothing to change: " + quiet.map { "\($0.repository) @ \($0.branch)" }.joined(separator: ", ") + ".\n"
        }
        return out
    }
}
