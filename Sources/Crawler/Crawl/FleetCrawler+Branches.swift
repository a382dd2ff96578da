import Extraction
import Foundation
import Git
import Inventory

extension FleetCrawler {
    /// Scans and records the branches of `plan` (their commits scanned whole or as differences from
    /// the first), and records those that need no scan. Never throws: failures are in the results.
    func scanBranches(_ plan: BranchPlan, mirror: ReadyMirror, runID: Int64, pools: Pools,
                      caches: ScanCaches) async -> [BranchResult] {
        return await withTaskGroup(of: [BranchResult].self) { group in
            if !plan.reused.isEmpty || !plan.missing.isEmpty {
                group.addTask {
                    await pools.scan.run { self.recordKnownBranches(plan, runID: runID) }
                }
            }
            if let first = plan.toScan.first {
                group.addTask {
                    // The first commit is scanned whole; the others as their difference from it,
                    // ahead of other repositories' whole scans, so that few bases are held at once
                    // however far the network pool has run ahead. They go first to the thread that
                    // scanned the base (its kept handle holds the base's trees); the other threads
                    // take them only when no whole scan waits, so that two threads rarely read one
                    // repository's packs at once (libgit2 locks a pack for each object read from it).
                    // They are recorded in groups, one transaction each, since consecutive commits
                    // rewrite the same database pages. Every record is written on the database's
                    // writer queue while the scan threads go on scanning.
                    let (scanned, thread) = await pools.scan.run { () -> (ScannedCommit, Int) in
                        (self.scanCommit(first.tip, branches: first.branches, mirror: mirror, runID: runID,
                                         caches: caches), pools.scan.currentThread ?? 0)
                    }
                    let scannedBase: ScannedBase? = if case .success(let scan) = scanned.scan, let snapshot = scan.snapshot {
                        ScannedBase(tree: scan.tree, snapshot: snapshot)
                    } else {
                        nil
                    }
                    // The first commit is recorded while the others are scanned: they need its stored
                    // files only to be recorded themselves, so the scan threads do not wait for the writer.
                    let firstRecord = Task { await self.record([scanned], mirror: mirror, runID: runID, pools: pools)[0] }
                    let base = Task { () -> ScanBase? in
                        guard let scannedBase, let stored = await firstRecord.value.stored else { return nil }
                        return ScanBase(scannedBase, stored: stored)
                    }
                    return await withTaskGroup(of: [BranchResult].self) { others in
                        let differences = plan.toScan.dropFirst()
                        let groupSize = Self.commitsPerTransaction(commits: differences.count, threads: self.scanJobs)
                        for group in differences.chunked(by: groupSize) {
                            others.addTask {
                                let scan = { @Sendable (base: ScannedBase?) in
                                    // One handle for the group, on this thread: opening the repository costs
                                    // more than a small difference does. When it cannot be opened, each
                                    // commit tries on its own and keeps its own failure.
                                    let repository = base == nil ? nil : try? Repository.open(at: mirror.path)
                                    return group.map { tip, branches in
                                        self.scanCommit(tip, branches: branches, mirror: mirror, runID: runID,
                                                        caches: caches, base: base, repository: repository)
                                    }
                                }
                                var scanned = await pools.scan.run(.expeditedOn(thread: thread)) { scan(scannedBase) }
                                if let base = await base.value {
                                    scanned = scanned.map { $0.completed(from: base) }
                                } else if scannedBase != nil {
                                    // The first commit could not be recorded: nothing to store these as
                                    // differences from, so each is scanned whole.
                                    scanned = await pools.scan.run { scan(nil) }
                                }
                                return await self.record(scanned, mirror: mirror, runID: runID, pools: pools)
                                    .flatMap(\.results)
                            }
                        }
                        var all = await firstRecord.value.results
                        for await results in others { all += results }
                        return all
                    }
                }
            }
            var all: [BranchResult] = []
            for await results in group { all += results }
            return all
        }
    }

    /// Records the branches that need no scan (their commit is stored) and those the mirror lacks,
    /// on the calling (scan pool) thread. Never throws.
    func recordKnownBranches(_ plan: BranchPlan, runID: Int64) -> [BranchResult] {
        var results: [BranchResult] = []
        let records = plan.reused.map { known in
            BranchScanRecord(runID: runID, repositoryID: plan.repositoryID, branch: known.branch, commit: known.commit,
                             status: known.unchanged ? .unchanged : .ok)
        }
        do {
            // One transaction for the whole repository: an unchanged fleet costs one write per repository.
            try database.recordBranchScans(records)
            results += plan.reused.map {
                BranchResult(branch: $0.branch, references: $0.stored.referenceCount, reused: true,
                             unchanged: $0.unchanged)
            }
        } catch {
            results += plan.reused.map {
                recordFailure(branch: $0.branch, commit: $0.commit, error: error, repositoryID: plan.repositoryID,
                              runID: runID)
            }
        }
        for branch in plan.missing {
            let error = GitError.notFound(what: "branch \(branch) (listed by the remote but not fetched)")
            results.append(recordFailure(branch: branch, commit: nil, error: error,
                                         repositoryID: plan.repositoryID, runID: runID))
        }
        return results
    }

    /// Scans the commit `tip` once, on the calling (scan pool) thread, without recording it. A whole
    /// scan reads through the thread's kept handle on the mirror (or the repository read in place,
    /// `ScanThreadRepository`), so the base's trees stay in that handle's cache. With a `base`
    /// (another commit of the same repository scanned in this crawl), only the trees and files that
    /// differ from it are read — the base's side through the kept handle, the commit's through
    /// `opened` (a handle the caller opened on this thread for a group of commits) or a handle of its
    /// own, so the kept cache holds the base's trees and not every branch's — and only the files a
    /// change can affect are resolved; `ScannedCommit.completed(from:)` then shares the base's stored
    /// file results, once the base is stored. Never throws: a failure is kept in the result.
    func scanCommit(_ tip: ObjectID, branches: [String], mirror: ReadyMirror, runID: Int64,
                    caches: ScanCaches, base: ScannedBase? = nil, repository opened: Repository? = nil) -> ScannedCommit {
        var scan = Result<ScannedCommit.Scan, any Error> {
            let kept = { try ScanThreadRepository.repository(at: mirror.path, generation: mirror.generation) }
            let repository = try base == nil ? kept() : (opened ?? Repository.open(at: mirror.path))
            let tree = try repository.commitInfo(tip).tree
            let source = GitTreeSource(repository: repository, tree: tree, treeCache: caches.trees)
            let scanner = SnapshotScanner(cache: caches.facts)
            var record = BranchScanRecord(runID: runID, repositoryID: mirror.repositoryID, branch: "",
                                          commit: tip.hex, status: .ok)
            // Kept for the commits scanned from this one: a whole scan's snapshot.
            var snapshot: ScannedSnapshot?
            var difference: ScannedDifference?
            var referenceCount = 0
            if let base {
                // When the kept handle cannot be opened, the commit's own handle reads both sides.
                let changes = try repository.changes(from: base.tree, in: try? kept(), to: tree,
                                                     include: CandidateFile.isCandidate)
                difference = try scanner.scan(source, changes: changes, from: base.snapshot)
            } else {
                let whole = try scanner.scanFiles(source)
                record.references = whole.allReferences
                record.warnings = whole.allWarnings
                referenceCount = whole.references.values.reduce(0) { $0 + $1.count }
                snapshot = whole
            }
            // Who owns which file, for outreach lists; a problem here is a warning, never a failed branch.
            var owners: [CodeownersFile] = []
            do {
                owners = try CodeownersReader.files(in: repository, tree: tree)
            } catch {
                record.warnings.append(FileWarning(path: "CODEOWNERS", message: "not read: \(scrub("\(error)"))"))
            }
            return ScannedCommit.Scan(tree: tree, snapshot: snapshot, record: record, difference: difference,
                                      owners: owners, referenceCount: referenceCount)
        }
        if mirror.isInPlace, case .failure(let error) = scan {
            scan = .failure(Self.blamingRepository(error, at: mirror.path, try? Repository.open(at: mirror.path)))
        }
        return ScannedCommit(tip: tip, branches: branches, scan: scan)
    }

    /// Records every branch of `commits` (commits of one repository) in one transaction, each branch
    /// on its own: a branch whose record cannot be written fails alone. Returns, per commit, its
    /// branches' outcomes and the commit's stored commit scan and files (nil when it was not stored).
    /// Never throws.
    /// The transaction runs on the database's writer queue: the calling task waits for it without
    /// holding a scan thread, which goes on scanning. What is left to write afterwards (a failure
    /// recorded on its own, code owners), if anything, runs on the scan pool.
    func record(_ commits: [ScannedCommit], mirror: ReadyMirror, runID: Int64, pools: Pools) async
        -> [(results: [BranchResult], stored: StoredCommitFiles?)] {
        let records = branchRecords(commits, mirror: mirror, runID: runID)
        let written: [Result<StoredCommitFiles?, any Error>]
        do {
            written = try await database.recordEachBranchScan(records)
        } catch {
            written = records.map { _ in .failure(error) }
        }
        let writesMore = written.contains { (try? $0.get()) == nil } || commits.contains { commit in
            (try? commit.scan.get())?.owners.isEmpty == false
        }
        guard writesMore else { return outcomes(commits, written: written, mirror: mirror, runID: runID) }
        return await pools.scan.run { self.outcomes(commits, written: written, mirror: mirror, runID: runID) }
    }

    /// The branch scan records of `commits`, a failed one for each branch of a commit that failed.
    private func branchRecords(_ commits: [ScannedCommit], mirror: ReadyMirror, runID: Int64) -> [BranchScanRecord] {
        var records: [BranchScanRecord] = []
        for commit in commits {
            for branch in commit.branches {
                switch commit.scan {
                case .success(let scan):
                    // The first branch stores the commit's references; the others share them.
                    var record = scan.record
                    record.branch = branch
                    records.append(record)
                case .failure(let error):
                    records.append(BranchScanRecord(runID: runID, repositoryID: mirror.repositoryID, branch: branch,
                                                    commit: commit.tip.hex, status: .failed, error: scrub("\(error)")))
                }
            }
        }
        return records
    }

    /// Each commit's branch outcomes from what writing `branchRecords(commits…)` gave (`written`, in
    /// order), recording on its own a failure the group could not write, and the code owners of
    /// stored commits.
    private func outcomes(_ commits: [ScannedCommit], written: [Result<StoredCommitFiles?, any Error>],
                          mirror: ReadyMirror, runID: Int64) -> [(results: [BranchResult], stored: StoredCommitFiles?)] {
        var outcomes: [(results: [BranchResult], stored: StoredCommitFiles?)] = []
        var index = 0
        for commit in commits {
            var results: [BranchResult] = []
            var stored: StoredCommitFiles?
            for branch in commit.branches {
                defer { index += 1 }
                switch (commit.scan, written[index]) {
                case (.failure(let error), .success):
                    results.append(BranchResult(branch: branch, references: 0, reused: false, error: scrub("\(error)"),
                                                damage: (error as? GitError)?.localDamage))
                case (.failure(let error), .failure):
                    // The group could not be written: try the failure on its own.
                    results.append(recordFailure(branch: branch, commit: commit.tip.hex, error: error,
                                                 repositoryID: mirror.repositoryID, runID: runID))
                case (.success(let scan), .success(let commitScan)):
                    if stored == nil { stored = commitScan }
                    results.append(BranchResult(branch: branch, references: scan.referenceCount, reused: false))
                case (.success, .failure(let error)):
                    results.append(recordFailure(branch: branch, commit: commit.tip.hex, error: error,
                                                 repositoryID: mirror.repositoryID, runID: runID))
                }
            }
            if stored != nil, case .success(let scan) = commit.scan, !scan.owners.isEmpty {
                try? database.recordCodeowners(repositoryID: mirror.repositoryID, commit: commit.tip.hex,
                                               files: scan.owners)
            }
            outcomes.append((results, stored))
        }
        return outcomes
    }

    /// Records a failed branch; when even that cannot be written (a full disk), the result says so.
    private func recordFailure(branch: String, commit: String?, error: any Error, repositoryID: Int64,
                               runID: Int64) -> BranchResult {
        let message = scrub("\(error)")
        var result = BranchResult(branch: branch, references: 0, reused: false, error: message)
        do {
            _ = try database.recordBranchScan(BranchScanRecord(
                runID: runID, repositoryID: repositoryID, branch: branch, commit: commit, status: .failed,
                error: message))
        } catch {
            result.unrecorded = true
        }
        return result
    }
}
