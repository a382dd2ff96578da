import Crawler
import Extraction
import Foundation
import Git
import Inventory

/// Runs a migration over every current branch of the inventory that the request's filters keep, one
/// repository at a time: a network repository from its mirror, under the mirror's lock (a crawl may be
/// fetching into it); a repository on this machine where it is, as the crawl reads it, through a scratch
/// repository that borrows its objects (`BorrowingRepository`), so that only `--commit` writes there.
public struct MigrationRunner: Sendable {
    /// The inventory: current branches and the commits they were scanned at.
    public var database: AppDatabase
    /// The folder of the bare mirrors (`--cache`).
    public var mirrors: MirrorStore

    /// Where the scratch repositories that borrow a local repository's objects are kept for the caller to
    /// read; nil for temporary folders removed after each repository.
    public var scratchRoot: String?

    /// A runner over `database` whose mirrors are under `mirrorRoot`.
    public init(database: AppDatabase, mirrorRoot: String) {
        self.database = database
        self.mirrors = MirrorStore(root: mirrorRoot)
    }

    /// One result per branch the filters keep, by repository and branch.
    public func run(_ request: MigrationRequest) throws -> [BranchMigration] {
        if case .image(_, let to) = request.selection { try Self.validateTarget(to) }
        if case .suggested(let suggestions) = request.selection {
            for target in Set(suggestions.values) { try Self.validateTarget(target) }
        }
        let branches = try database.currentBranches().filter { state in
            (request.repository.map { $0 == state.repository } ?? true) && (request.branch?.matches(state.branch) ?? true)
        }
        guard !branches.isEmpty else {
            var filter = ""
            if let repository = request.repository { filter += " in repository \(repository)" }
            if let branch = request.branch { filter += " matching \(branch.text)" }
            throw MigrationError.noBranches(filter: filter)
        }
        GitLibrary.initialize()
        var results: [BranchMigration] = []
        for (url, group) in Dictionary(grouping: branches, by: \.repositoryURL).sorted(by: { $0.key < $1.key }) {
            results += migrate(group.sorted { $0.branch < $1.branch }, url: url, request: request)
        }
        return results.sorted { ($0.repository, $0.branch) < ($1.repository, $1.branch) }
    }

    private func migrate(_ branches: [BranchState], url: String, request: MigrationRequest) -> [BranchMigration] {
        func failed(_ state: BranchState, _ problem: String) -> BranchMigration {
            BranchMigration(repository: state.repository, url: url, branch: state.branch, scannedCommit: state.commitID ?? "",
                            changes: [], leftAlone: [], files: [], commit: nil, createdBranch: nil, message: "",
                            verification: .notRun, problem: problem, note: nil)
        }
        // A repository on this machine is read where it is, as the crawl read it (it has no mirror); a
        // network repository through its mirror, under the mirror's lock.
        let local = RepositoryLocation.localPath(of: url)
        let path = local ?? mirrors.path(for: url)
        guard FileManager.default.fileExists(atPath: path) else {
            return branches.map {
                failed($0, local != nil ? "no repository at \(path) any more"
                                        : "no mirror at \(path) (run `census crawl` with the same --cache)")
            }
        }
        let lock: MirrorLock?
        let repository: Repository
        let borrowing: BorrowingRepository?
        do {
            lock = local == nil ? try mirrors.lock(url: url) : nil
            borrowing = local == nil ? nil : try BorrowingRepository(borrowingFrom: path, under: scratchRoot)
            repository = try borrowing?.repository ?? Repository.open(at: path)
        } catch {
            return branches.map { failed($0, "\(local == nil ? "the mirror" : "the repository") cannot be opened: \(error)") }
        }
        defer { lock?.release() }
        let migrator = BranchMigrator(repository: repository, request: request)
        let stored: [String: [Reference]]
        do {
            let name = branches.first?.repository
            stored = Dictionary(grouping: try database.currentReferences(ReferenceFilter(repository: name)), by: \.branch)
                .mapValues { $0.map(\.reference) }
        } catch {
            return branches.map { failed($0, "the inventory cannot be read: \(error)") }
        }
        // After a refused token or a refused connection, the repository's other branches are not tried:
        // each would be refused the same way.
        var credentialsRefused: String?
        return branches.map { state in
            guard let hex = state.commitID, let commit = ObjectID(hex: hex) else {
                return failed(state, "the branch never scanned successfully")
            }
            var migration: BranchMigration
            do {
                migration = try migrator.migrate(repositoryName: state.repository, url: url, branch: state.branch,
                                                 scannedCommit: commit, stored: stored[state.branch] ?? [])
            } catch {
                return failed(state, "\(error)")
            }
            if let borrowing, let created = migration.createdBranch {
                do {
                    try borrowing.deliver(branch: created, baseBranch: state.branch, scannedTip: commit)
                } catch {
                    migration.createdBranch = nil
                    migration.problem = "the branch \(created) could not be created in \(path): \(error)"
                    return migration
                }
            }
            if let settings = request.push, let created = migration.createdBranch {
                if let credentialsRefused {
                    migration.push = BranchPush(branch: created, outcome: .refused, error: credentialsRefused)
                } else {
                    migration.push = Self.push(migration, branch: created, from: repository, settings: settings)
                    if let error = migration.push?.error, migration.push?.stopsRepository == true { credentialsRefused = error }
                }
            }
            return migration
        }
    }

    /// Pushes the change of `migration`, on the mirror's `branch`, to the same branch of its repository,
    /// leased on the scanned tip: nothing is sent when the base branch moved since the scan.
    static func push(_ migration: BranchMigration, branch: String, from repository: Repository,
                     settings: PushSettings) -> BranchPush {
        guard let tip = ObjectID(hex: migration.scannedCommit) else {
            return BranchPush(branch: branch, outcome: .refused, error: "the scanned commit is not a commit id")
        }
        let earlier = settings.earlier[PushSettings.EarlierPush(repository: migration.repository, branch: branch)]
        let lease = PushLease(baseBranch: migration.branch, baseTip: tip, replacing: earlier)
        do {
            let result = try repository.push(reference: "refs/heads/" + branch, to: migration.url, branch: branch, lease: lease,
                                             credentials: settings.credentials, timeout: settings.timeout)
            let outcome: BranchPush.Outcome = switch result.outcome {
            case .created: .created
            case .replaced: .replaced
            case .alreadyPresent: .alreadyPresent
            }
            return BranchPush(branch: branch, outcome: outcome, remoteMessage: result.remoteMessage)
        } catch let error as GitError {
            var push = BranchPush(branch: branch, outcome: .refused, error: error.description)
            switch error {
            case .pushTokenRefused, .pushUnauthorized: push.stopsRepository = true
            default: break
            }
            return push
        } catch {
            return BranchPush(branch: branch, outcome: .refused, error: "\(error)")
        }
    }

    /// A target must be one image reference: no whitespace or line break (an edit never adds a line).
    static func validateTarget(_ image: String) throws {
        if image.isEmpty { throw MigrationError.invalidTarget(image, reason: "the image is empty") }
        if image.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw MigrationError.invalidTarget(image, reason: "an image has no spaces or line breaks")
        }
        let parsed = ImageReference.parse(image)
        if !parsed.isValid {
            throw MigrationError.invalidTarget(image, reason: parsed.invalidReason ?? "not an image reference")
        }
    }
}
