import Foundation
import Inventory

/// Who owns a file of a branch, as the outreach lists decide it: the CODEOWNERS owner of the file at the
/// scanned commit (the last matching rule wins); when no rule names an owner, the repository's `team`
/// from repos.txt; failing both, nobody.
///
/// Every report that addresses people (outreach lists, the rebuild impact list, the clean-up plans'
/// blocked tags) asks this one type, so an owner is the same everywhere.
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

    private let infos: [String: RepositoryInfo]
    private var rulesByCommit: [String: CodeOwners?] = [:]

    /// Owners of the repositories of repos.txt (their teams).
    public init(repositories: [RepositoryInfo]) {
        infos = Dictionary(repositories.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The repository as repos.txt last described it.
    public func repository(_ name: String) -> RepositoryInfo? {
        infos[name]
    }

    /// The owner of `path` in `repository` at `commit`; `team` stands in when repos.txt names none.
    /// `codeowners` returns the CODEOWNERS files stored for a repository's commit (empty when none); it is
    /// asked once per commit.
    public mutating func owner(repository: String, commit: String, path: String, team: String? = nil,
                               codeowners: (_ repository: String, _ commit: String) throws -> [CodeownersFile]) rethrows -> Owner {
        let commitKey = "\(repository)\n\(commit)"
        if rulesByCommit[commitKey] == nil {
            rulesByCommit[commitKey] = .some(CodeOwners.select(from: try codeowners(repository, commit)))
        }
        let owners = rulesByCommit[commitKey].flatMap { $0 }
        if let rule = owners?.rule(for: path), !rule.owners.isEmpty {
            return Owner(name: rule.owners.joined(separator: " "), source: .codeowners,
                         codeownersRule: "\(owners?.path ?? "CODEOWNERS"):\(rule.line)")
        }
        if let team = infos[repository]?.team ?? team, !team.isEmpty {
            return Owner(name: team, source: .team, codeownersRule: nil)
        }
        return Owner(name: "unowned", source: .none, codeownersRule: nil)
    }
}
