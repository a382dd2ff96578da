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
    /// mirror, and records every branch at that commit. With a `base` (another commit of the same
    /// repository scanned in this crawl), only the trees and files that differ from it are read,
    /// only the files a change can affect are resolved, and the base's stored file results are shared.
    /// Returns the branches' outcomes and the scan kept as a base for further commits (nil when the
    /// scan or its recording failed). Never throws.
    func scanCommit(_ tip: ObjectID, branches: [String], mirror: ReadyMirror, runID: Int64,
                    caches: ScanCaches, base: ScanBase? = nil) -> (results: [BranchResult], scanned: ScanBase?) {
        let tree: ObjectID
        var snapshot: ScannedSnapshot
        var touched: Set<String>?
        var extraWarnings: [FileWarning] = []
        var owners: [CodeownersFile] = []
        do {
            let repository = try Repository.open(at: mirror.path)
            tree = try repository.commitInfo(tip).tree
            let source = GitTreeSource(repository: repository, tree: tree, treeCache: caches.trees)
            let scanner = SnapshotScanner(cache: caches.facts)
            if let base {
                let changes = try repository.changes(from: base.tree, to: tree, include: CandidateFile.isCandidate)
                (snapshot, touched) = try scanner.scan(source, changes: changes, from: base.snapshot)
            } else {
                snapshot = try scanner.scanFiles(source)
            }
            // Who owns which file, for outreach lists; a problem here is a warning, never a failed branch.
            do {
                owners = try CodeownersReader.files(in: repository, tree: tree)
            } catch {
                extraWarnings.append(FileWarning(path: "CODEOWNERS", message: "not read: \(scrub("\(error)"))"))
            }
        } catch {
            let results = branches.map {
                recordFailure(branch: $0, commit: tip.hex, error: error, repositoryID: mirror.repositoryID, runID: runID)
            }
            return (results, nil)
        }
        var record = BranchScanRecord(runID: runID, repositoryID: mirror.repositoryID, branch: "", commit: tip.hex,
                                      status: .ok)
        if let base, let touched {
            (record.references, record.warnings, record.sharedFiles) = base.difference(to: snapshot, touched: touched)
        } else {
            record.references = snapshot.allReferences
            record.warnings = snapshot.allWarnings
        }
        record.warnings += extraWarnings
        var stored: [String: Int64]?
        let referenceCount = snapshot.references.values.reduce(0) { $0 + $1.count }
        let results = branches.map { branch in
            do {
                // The first branch stores the commit's references; the others share them.
                record.branch = branch
                let files = try database.recordBranchScan(record)
                if stored == nil { stored = files }
                return BranchResult(branch: branch, references: referenceCount, reused: false)
            } catch {
                return recordFailure(branch: branch, commit: tip.hex, error: error,
                                     repositoryID: mirror.repositoryID, runID: runID)
            }
        }
        if !owners.isEmpty, results.contains(where: { $0.error == nil }) {
            try? database.recordCodeowners(repositoryID: mirror.repositoryID, commit: tip.hex, files: owners)
        }
        return (results, stored.map { ScanBase(tree: tree, snapshot: snapshot, storedFiles: $0) })
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
