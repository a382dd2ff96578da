import Extraction
import Git
import Inventory

/// A commit scanned whole in this crawl, before it is stored: the other commits of its repository are
/// scanned as their difference from it while its record is written.
struct ScannedBase: Sendable {
    /// The commit's root tree.
    let tree: ObjectID
    /// What the scan found, file by file.
    let snapshot: ScannedSnapshot
}

/// A commit scanned in this crawl and stored, kept in memory while the other commits of its repository
/// are recorded as their difference from it (release branches share most of their files).
struct ScanBase: Sendable {
    /// The commit's root tree.
    let tree: ObjectID
    /// What the scan found, file by file.
    let snapshot: ScannedSnapshot
    /// The commit's stored commit scan and the stored file result of each path with references or
    /// warnings (path → file scan id): a commit scanned from this base shares them and is stored as what
    /// differs from it (`BranchScanRecord.base`).
    let stored: StoredCommitFiles

    /// The stored files a commit scanned from this base does not share even where it did not touch
    /// them: results the scan itself did not find (warnings added for the base's commit alone).
    /// Worked out once, so that each commit scanned from the base costs the paths it touched, not
    /// every file.
    private let unshareable: Set<String>
    /// How many references the base's commit has.
    let referenceCount: Int

    init(_ scanned: ScannedBase, stored: StoredCommitFiles) {
        tree = scanned.tree
        let snapshot = scanned.snapshot
        self.snapshot = snapshot
        self.stored = stored
        unshareable = Set(stored.files.keys.filter { snapshot.references[$0] == nil && snapshot.warnings[$0] == nil })
        referenceCount = snapshot.references.values.reduce(0) { $0 + $1.count }
    }

    /// What a commit scanned from this base must store: the references and warnings of the touched
    /// paths whose result differs from the base's, and the base's stored files it does not have
    /// (`BranchScanRecord.baseFilesLeftOut`; it shares every other one); and how many references the
    /// commit has.
    func difference(to scanned: ScannedDifference)
        -> (references: [Reference], warnings: [FileWarning], leftOut: Set<String>, referenceCount: Int) {
        var references: [Reference] = []
        var warnings: [FileWarning] = []
        var leftOut = unshareable
        var referenceCount = self.referenceCount
        for path in scanned.touched {
            let newReferences = scanned.references[path], newWarnings = scanned.warnings[path]
            let oldReferences = snapshot.references[path]
            referenceCount += (newReferences?.count ?? 0) - (oldReferences?.count ?? 0)
            if newReferences == nil, newWarnings == nil {
                if stored.files[path] != nil { leftOut.insert(path) }
                continue
            }
            // The base's result: shared as it is stored.
            if newReferences == oldReferences, newWarnings == snapshot.warnings[path], stored.files[path] != nil,
               !unshareable.contains(path) {
                continue
            }
            references += newReferences ?? []
            warnings += newWarnings ?? []
        }
        return (references, warnings, leftOut, referenceCount)
    }
}
