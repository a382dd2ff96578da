import Foundation
import Inventory

/// Who owns a file of a scanned branch: the owners of the last CODEOWNERS rule matching it (read from
/// that commit), else the repository's `team` from repos.txt, else nobody (`unowned`).
///
/// The outreach lists and the clean-up plans' blocked tags address people the same way through it.
public struct FileOwners: Sendable {
    /// The owner of one file.
    public struct Owner: Sendable, Hashable {
        /// `@org/team @user` from CODEOWNERS, a team name, or `unowned`.
        public var name: String
        /// Where the owner comes from.
        public var source: OutreachList.OwnerSource
        /// The CODEOWNERS rule that decided (`.github/CODEOWNERS:12`), when one did.
        public var codeownersRule: String?
    }

    private let repositories: [String: RepositoryInfo]
    private var rulesByCommit: [String: CodeOwners?] = [:]

    /// Owners for the repositories of `repositories`.
    public init(repositories: [RepositoryInfo]) {
        self.repositories = Dictionary(repositories.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The repository's record, when the inventory has one.
    public func repository(_ name: String) -> RepositoryInfo? {
        repositories[name]
    }

    /// The owner of `path` at `commit` of `repository`; `team` stands in for the repository's team when
    /// the inventory has none. `codeowners` returns the CODEOWNERS files stored for a commit (read once
    /// per commit).
    public mutating func owner(repository: String, commit: String, path: String, team: String?,
                               codeowners: (_ repository: String, _ commit: String) throws -> [CodeownersFile]) rethrows -> Owner {
        let key = "\(repository)\n\(commit)"
        if rulesByCommit[key] == nil {
            rulesByCommit[key] = .some(CodeOwners.select(from: try codeowners(repository, commit)))
        }
        let owners = rulesByCommit[key].flatMap { $0 }
        if let rule = owners?.rule(for: path), !rule.owners.isEmpty {
            return Owner(name: rule.owners.joined(separator: " "), source: .codeowners,
                         codeownersRule: "\(owners?.path ?? "CODEOWNERS"):\(rule.line)")
        }
        if let team = repositories[repository]?.team ?? team, !team.isEmpty {
            return Owner(name: team, source: .team, codeownersRule: nil)
        }
        return Owner(name: "unowned", source: .none, codeownersRule: nil)
    }
}
