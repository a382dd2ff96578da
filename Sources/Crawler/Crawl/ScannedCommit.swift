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
        /// What each branch at the commit records (its branch name still empty). For a commit scanned
        /// as a difference, its references, warnings and shared files come with `completed(from:)`.
        var record: BranchScanRecord
        /// What a commit scanned as a difference from its base found in the paths it touched, until
        /// `completed(from:)` turns it into the record once the base is stored.
        var difference: ScannedDifference?
        /// The commit's CODEOWNERS files.
        var owners: [CodeownersFile]
        /// How many references the commit holds, stored or shared (for a difference, once completed).
        var referenceCount: Int
    }

    /// A commit scanned as a difference from `base`, with its record: the references and warnings of
    /// the paths it touched whose result differs from the base's, and the base's stored files for the
    /// others. Any other commit comes back as it is.
    func completed(from base: ScanBase) -> ScannedCommit {
        guard case .success(var scan) = scan, let difference = scan.difference else { return self }
        // A CODEOWNERS file that could not be read was noted while the commit was scanned: it stays last.
        let noted = scan.record.warnings
        (scan.record.references, scan.record.warnings, scan.record.baseFilesLeftOut, scan.referenceCount) =
            base.difference(to: difference)
        scan.record.warnings += noted
        scan.record.base = base.stored
        scan.difference = nil
        var completed = self
        completed.scan = .success(scan)
        return completed
    }
}
