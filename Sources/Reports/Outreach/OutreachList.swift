import Foundation

/// Who must change what (`census report outreach`): every finding of the week assigned to an owner
/// and grouped so that each owner gets one list — one email — of their own.
///
/// The owner of a finding is the CODEOWNERS owner of the file holding the usage, read from the
/// scanned commit of that branch (the last matching rule wins); when no rule names an owner, it is
/// the repository's `team` from repos.txt; failing both, the finding is listed as unowned.
public struct OutreachList: Sendable, Hashable, Codable {
    /// Where an owner comes from.
    public enum OwnerSource: String, Sendable, Hashable, Codable {
        /// A CODEOWNERS rule of the branch names the owner of the file.
        case codeowners
        /// The repository's `team` in repos.txt.
        case team
        /// Neither: nobody is known to own the file.
        case none
    }

    /// One finding addressed to its owner.
    public struct Row: Sendable, Hashable, Codable {
        /// The repository's display name.
        public var repository: String
        /// The branch.
        public var branch: String
        /// The commit the usage was read from.
        public var commitID: String
        /// The file holding the usage.
        public var path: String
        /// The line of the usage.
        public var line: Int
        /// The file and line at the scanned commit; `nil` for local repositories.
        public var link: String?
        /// The image as normalized, or the text as written when it did not resolve.
        public var image: String
        /// The rule id (`outdated-tag`, …).
        public var rule: String
        /// `error`, `warning` or `note`.
        public var severity: String
        /// What is wrong, in words the product team understands.
        public var message: String
        /// The image to move to, when one is known.
        public var suggestion: String?
        /// The repository's team from repos.txt.
        public var team: String?
        /// The CODEOWNERS rule that decided the owner (`.github/CODEOWNERS:12`), when one did.
        public var codeownersRule: String?
    }

    /// One owner and everything addressed to them.
    public struct Group: Sendable, Hashable, Codable {
        /// The owner as named: `@org/team @user` from CODEOWNERS, a team name, or `unowned`.
        public var owner: String
        /// Where the owner comes from.
        public var source: OwnerSource
        /// Contacts from repos.txt for the repositories involved (team-owned groups).
        public var contacts: [String]
        /// The file name (without extension) of the group's list.
        public var fileName: String
        /// The findings, by repository, branch, path and line.
        public var rows: [Row]
    }

    /// The week reported on.
    public var week: String
    /// The run standing for it.
    public var runID: Int64
    /// When that run started.
    public var runStartedAt: Date
    /// One group per owner, by owner name (`unowned` last).
    public var groups: [Group]
    /// The end of life (`yyyy-MM-dd`) registries' lifecycle annotations give images, by image, from the
    /// stored catalogs: deadlines the OS table cannot know.
    public var registryEndOfLife: [String: String] = [:]
}
