import Foundation

/// Everything one `census migrate` run found, as the plan prints it.
public struct MigrationPlan: Sendable {
    /// The subject of every branch's commit message.
    public var title: String
    /// One result per branch looked at, by repository and branch.
    public var branches: [BranchMigration]

    /// A plan of `branches` under `title`.
    public init(title: String, branches: [BranchMigration]) {
        self.title = title
        self.branches = branches
    }

    /// Branches with a verified change.
    public var offered: [BranchMigration] { branches.filter(\.isOffered) }

    /// Branches whose verified change `--push` did not push (the base branch moved, the token was refused, …).
    public var notPushed: [BranchMigration] { branches.filter { $0.push?.isPushed == false } }

    /// Branches whose change was not offered because something failed (verification, reading the mirror).
    public var failed: [BranchMigration] {
        branches.filter { branch in
            if branch.problem != nil { return true }
            if case .failed = branch.verification { return true }
            return false
        }
    }
}

/// How the plan is written.
public enum MigrationPlanFormat: String, Sendable, CaseIterable {
    case markdown, json

    /// The plan in this format.
    public func render(_ plan: MigrationPlan) throws -> String {
        switch self {
        case .markdown: MigrationPlanMarkdown.render(plan)
        case .json: try MigrationPlanJSON.render(plan)
        }
    }

    /// The file name of the plan under `--out`.
    public var fileName: String {
        switch self {
        case .markdown: "migration-plan.md"
        case .json: "migration-plan.json"
        }
    }
}
