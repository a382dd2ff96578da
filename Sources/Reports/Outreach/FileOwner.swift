/// Who owns one file of a branch: the owners named by the CODEOWNERS rule deciding the file, else
/// the repository's `team` from repos.txt, else nobody (`unowned`).
public struct FileOwner: Sendable, Hashable {
    /// The owner as named: `@org/team @user` from CODEOWNERS, a team name, or `unowned`.
    public var owner: String
    /// Where the owner comes from.
    public var source: OutreachList.OwnerSource
    /// The CODEOWNERS rule that decided the owner (`.github/CODEOWNERS:12`), when one did.
    public var codeownersRule: String?

    /// The owner of `path` under `codeowners` (the branch's CODEOWNERS file, if any), falling back
    /// to `team`; a deciding rule that names nobody falls back too.
    public init(path: String, codeowners: CodeOwners?, team: String?) {
        if let codeowners, let rule = codeowners.rule(for: path), !rule.owners.isEmpty {
            owner = rule.owners.joined(separator: " ")
            source = .codeowners
            codeownersRule = "\(codeowners.path):\(rule.line)"
        } else if let team, !team.isEmpty {
            owner = team
            source = .team
        } else {
            owner = "unowned"
            source = .none
        }
    }
}
