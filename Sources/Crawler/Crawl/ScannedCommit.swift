import Extraction
import Git
import Inventory

/// A commit scanned on a scan thread and not yet recorded, with the branches at it.
struct ScannedCommit: Sendable {
    var tip: ObjectID
    var branches: [String]
    /// What the scan found, or why it failed.
    var scan: Result<Scan, any Error>

    /// A successful scan.
    struct Scan: Sendable {
        /// The commit's root tree.
        var tree: ObjectID
        /// What a whole scan found, file by file, for the commits scanned as differences from it;
        /// nil for those (a group of them is held until it is recorded).
        var snapshot: ScannedSnapshot?
        /// What each branch at the commit records (its branch name still empty).
        var record: BranchScanRecord
        /// The commit's CODEOWNERS files.
        var owners: [CodeownersFile]
        /// How many references the commit holds, stored or shared.
        var referenceCount: Int
    }
}
