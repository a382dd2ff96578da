import Foundation

/// A migration's progress over weeks (`census report migration --from GLOB [--to GLOB]`): how many
/// usages still match the images being left, how many already use the target, and where each
/// remaining usage is.
public struct MigrationReport: Sendable, Hashable, Codable {
    /// One week of the burndown.
    public struct Point: Sendable, Hashable, Codable {
        /// The ISO week.
        public var week: String
        /// The run standing for it.
        public var runID: Int64
        /// Usages matching `from`.
        public var fromUsages: Int
        /// Branches with at least one such usage.
        public var fromBranches: Int
        /// Repositories with at least one such usage.
        public var fromRepositories: Int
        /// Usages matching `to`; `nil` without `--to`.
        public var toUsages: Int?
        /// Branches with at least one usage matching `to`; `nil` without `--to`.
        public var toBranches: Int?
        /// Repositories with at least one usage matching `to`; `nil` without `--to`.
        public var toRepositories: Int?
    }

    /// One usage still to migrate.
    public struct Usage: Sendable, Hashable, Codable {
        /// The repository's display name.
        public var repository: String
        /// The repository's team from repos.txt, when known.
        public var team: String?
        /// The branch.
        public var branch: String
        /// The commit the usage was read from.
        public var commitID: String
        /// The file holding the usage.
        public var path: String
        /// The line of the usage.
        public var line: Int
        /// `<source>/<what>` of the usage.
        public var kind: String
        /// The image as normalized, or the text as written when it did not resolve.
        public var image: String
        /// The file and line at the scanned commit on the code host; `nil` for local repositories.
        public var link: String?
        /// True when the branch failed in the latest run and this comes from an earlier scan.
        public var stale: Bool
        /// Where a change `census migrate` proposed for this usage can be found (the pushed branch, the patch
        /// file, or the branch in the mirror), when one was recorded for the commit the usage was read from.
        public var changeProposed: String? = nil
    }

    /// The glob of the images being migrated away from.
    public var from: String
    /// The glob of the images being migrated to, when given.
    public var to: String?
    /// The week reported on.
    public var week: String
    /// The run standing for that week.
    public var runID: Int64
    /// When that run started.
    public var runStartedAt: Date
    /// The burndown, oldest week first, ending with `week`.
    public var weeks: [Point]
    /// Every usage still matching `from` in `week`, by repository, branch, path and line.
    public var remaining: [Usage]

    /// The first week's `from` usages: where the burndown started.
    public var startUsages: Int { weeks.first?.fromUsages ?? 0 }
    /// The share of the first week's usages that are gone (0 when nothing matched then).
    public var progress: Double {
        guard let first = weeks.first, first.fromUsages > 0 else { return 0 }
        return max(0, Double(first.fromUsages - remaining.count) / Double(first.fromUsages))
    }

    /// A short file-name-safe name for the migration, from the last path segment of `from`
    /// (`mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*` → `prereqs-centos-7`).
    public static func slug(for pattern: String) -> String {
        let tail = pattern.split(separator: "/").last.map(String.init) ?? pattern
        var slug = ""
        for character in tail.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber || character == ".") {
                slug.append(character)
            } else if !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        slug = String(slug.trimmingCharacters(in: CharacterSet(charactersIn: "-.")).prefix(60))
        return slug.isEmpty ? "images" : slug
    }
}
