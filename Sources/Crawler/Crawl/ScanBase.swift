import Extraction
import Git
import Inventory

/// A commit scanned in this crawl, kept in memory while the other commits of its repository are
/// scanned as their difference from it (release branches share most of their files).
struct ScanBase: Sendable {
    /// The commit's root tree.
    var tree: ObjectID
    /// What the scan found, file by file.
    var snapshot: ScannedSnapshot
    /// The stored file result of each path with references or warnings (path → file scan id).
    var storedFiles: [String: Int64]
    /// The commit's stored commit scan, when it could be read back: a commit scanned from this base is
    /// then stored as what differs from it (`BranchScanRecord.base`).
    var commitScanID: Int64?

    /// The base as a branch scan record names it, when its commit scan is known.
    var stored: StoredCommitFiles? {
        commitScanID.map { StoredCommitFiles(commitScanID: $0, files: storedFiles) }
    }

    /// What a commit scanned from this base must store: the references and warnings of the touched
    /// paths whose result differs from the base's, and the base's stored results for every other path.
    func difference(to scanned: ScannedSnapshot, touched: Set<String>)
        -> (references: [Reference], warnings: [FileWarning], shared: [String: Int64]) {
        var references: [Reference] = []
        var warnings: [FileWarning] = []
        var shared: [String: Int64] = [:]
        for (path, id) in storedFiles where !touched.contains(path) {
            // Only what the scan itself found is shared (not warnings added for this commit alone).
            if snapshot.references[path] != nil || snapshot.warnings[path] != nil { shared[path] = id }
        }
        for path in touched {
            let newReferences = scanned.references[path], newWarnings = scanned.warnings[path]
            if newReferences == nil, newWarnings == nil { continue }
            if newReferences == snapshot.references[path], newWarnings == snapshot.warnings[path],
               let id = storedFiles[path] {
                shared[path] = id
                continue
            }
            references += newReferences ?? []
            warnings += newWarnings ?? []
        }
        return (references, warnings, shared)
    }
}
