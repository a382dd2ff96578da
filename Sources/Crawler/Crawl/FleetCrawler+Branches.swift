import Extraction
import Foundation
import Git
import Inventory

extension FleetCrawler {
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
                BranchResult(branch: $0.branch, references: $0.stored.referenceCount, reused: true)
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

    /// Scans the commit `tip` once, on the calling (scan pool) thread with its own handle on the
    /// mirror, and records every branch at that commit. Never throws.
    func scanCommit(_ tip: ObjectID, branches: [String], mirror: ReadyMirror, runID: Int64,
                    caches: ScanCaches) -> [BranchResult] {
        var scan: SnapshotScan
        var owners: [CodeownersFile] = []
        do {
            let repository = try Repository.open(at: mirror.path)
            let commit = try repository.commitInfo(tip)
            let source = GitTreeSource(repository: repository, tree: commit.tree, treeCache: caches.trees)
            scan = try SnapshotScanner(cache: caches.facts).scan(source)
            // Who owns which file, for outreach lists; a problem here is a warning, never a failed branch.
            do {
                owners = try CodeownersReader.files(in: repository, tree: commit.tree)
            } catch {
                scan.warnings.append(FileWarning(path: "CODEOWNERS", message: "not read: \(scrub("\(error)"))"))
            }
        } catch {
            return branches.map {
                recordFailure(branch: $0, commit: tip.hex, error: error, repositoryID: mirror.repositoryID, runID: runID)
            }
        }
        let results = branches.map { branch in
            do {
                // The first branch stores the commit's references; the others share them.
                try database.recordBranchScan(BranchScanRecord(
                    runID: runID, repositoryID: mirror.repositoryID, branch: branch, commit: tip.hex, status: .ok,
                    references: scan.references, warnings: scan.warnings))
                return BranchResult(branch: branch, references: scan.references.count, reused: false)
            } catch {
                return recordFailure(branch: branch, commit: tip.hex, error: error,
                                     repositoryID: mirror.repositoryID, runID: runID)
            }
        }
        if !owners.isEmpty, results.contains(where: { $0.error == nil }) {
            try? database.recordCodeowners(repositoryID: mirror.repositoryID, commit: tip.hex, files: owners)
        }
        return results
    }

    /// Records a failed branch (best effort: the outcome carries the error either way).
    private func recordFailure(branch: String, commit: String?, error: any Error, repositoryID: Int64,
                               runID: Int64) -> BranchResult {
        let message = scrub("\(error)")
        _ = try? database.recordBranchScan(BranchScanRecord(
            runID: runID, repositoryID: repositoryID, branch: branch, commit: commit, status: .failed, error: message))
        return BranchResult(branch: branch, references: 0, reused: false, error: message)
    }
}
