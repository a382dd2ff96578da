import Foundation

/// What must be rebuilt when a base image is banned or reaches its end of life
/// (`census report impact --image GLOB`): every definition that inherits from a matching image, the
/// images those definitions publish, and — transitively — every definition and usage of those images,
/// as one rebuild-and-outreach list per repository and branch.
///
/// Level 1 holds the Dockerfiles built on a matching image. An image one of them publishes (by an
/// ImageBuilder manifest catalog, a Compose service with `build` and `image`, or the `tags` of a Bake
/// target) is affected at that level, and every use of it is level 2: Dockerfiles built on it (to rebuild
/// in turn) and jobs, services and deployments running it (to move to the rebuilt image). The walk stops at
/// `maxDepth` and never visits an image twice, so a cycle of images ends.
public struct ImpactReport: Sendable, Hashable, Codable {
    /// What the fleet must do at one place.
    public enum Action: String, Sendable, Hashable, Codable {
        /// A Dockerfile built on an affected image: rebuild it (and republish what it publishes).
        case rebuild
        /// A job, service or deployment running or pulling an affected image: pick up the rebuilt image.
        case uses
    }

    /// An image a definition publishes, and where the fleet says so.
    public struct Publication: Sendable, Hashable, Codable {
        /// The image as normalized (`registry.example.com/team/app:1.0`).
        public var image: String
        /// How the fleet says so: `imagebuilder` (a manifest catalog), `compose` (`build` and `image`) or
        /// `bake` (a target's `tags`).
        public var via: String
        /// The repository holding the statement.
        public var repository: String
        /// Its branch.
        public var branch: String
        /// The file holding the statement (the manifest, compose file or Bake file).
        public var path: String
        /// Its line, when stored (a manifest catalog keeps tags, not lines).
        public var line: Int?
        /// The file and line at the scanned commit; `nil` for local repositories.
        public var link: String?
    }

    /// One place to act on.
    public struct Item: Sendable, Hashable, Codable {
        /// 1 for a definition built on a matching image; one more for each published image in between.
        public var level: Int
        /// What to do here.
        public var action: Action
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
        /// The file and line at the scanned commit on the code host; `nil` for local repositories.
        public var link: String?
        /// `<source>/<what>` of the usage.
        public var kind: String
        /// The image named here, as normalized.
        public var image: String
        /// The Dockerfile rebuilt, when the usage is a Dockerfile's or names one (a build argument's
        /// `FROM`); `nil` for a usage.
        public var dockerfile: String?
        /// How the image named here descends from the matching base: the matching image first, `image` last.
        public var chain: [String]
        /// What the Dockerfile publishes (rebuild items only).
        public var publishes: [Publication]
        /// The owner of the file: CODEOWNERS, else the repos.txt team, else `unowned`.
        public var owner: String
        /// Where the owner comes from.
        public var ownerSource: OutreachList.OwnerSource
        /// The CODEOWNERS rule that decided the owner (`.github/CODEOWNERS:12`), when one did.
        public var codeownersRule: String?
        /// True when the branch failed in the latest run and this comes from an earlier scan.
        public var stale: Bool
    }

    /// One repository and branch with everything to do there.
    public struct BranchList: Sendable, Hashable, Codable {
        /// The repository's display name.
        public var repository: String
        /// The branch.
        public var branch: String
        /// The repository's team from repos.txt.
        public var team: String?
        /// The repository's contact from repos.txt.
        public var contact: String?
        /// Every owner named by the items, in order of appearance.
        public var owners: [String]
        /// The items, by level, path and line.
        public var items: [Item]
    }

    /// An image affected by the ban, and where it comes from.
    public struct AffectedImage: Sendable, Hashable, Codable {
        /// The image as normalized.
        public var image: String
        /// 0 for a matching base image; the level of the Dockerfile that publishes it otherwise.
        public var level: Int
        /// Where it is published (empty for a matching base image).
        public var publishedBy: [Publication]
    }

    /// The glob of the banned or end-of-life images.
    public var pattern: String
    /// The week reported on.
    public var week: String
    /// The run standing for that week.
    public var runID: Int64
    /// When that run started.
    public var runStartedAt: Date
    /// How many levels the walk may go.
    public var maxDepth: Int
    /// True when published images remained at `maxDepth` whose usages were not followed.
    public var truncated: Bool
    /// Every affected image: the matching bases (level 0) and the images published from them.
    public var images: [AffectedImage]
    /// One list per repository and branch, by repository then branch.
    public var branches: [BranchList]

    /// Every item of every list.
    public var items: [Item] { branches.flatMap(\.items) }

    /// A short file-name-safe name for the report, from the last path segment of the pattern.
    public static func slug(for pattern: String) -> String {
        MigrationReport.slug(for: pattern)
    }
}
