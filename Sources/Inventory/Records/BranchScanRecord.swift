import Extraction
import Foundation

/// Everything the crawler learned about one branch in one run, recorded in one transaction.
public struct BranchScanRecord: Sendable, Hashable {
    /// The run this scan belongs to.
    public var runID: Int64
    /// The repository (from `upsertRepository`).
    public var repositoryID: Int64
    /// The branch name without `refs/heads/`.
    public var branch: String
    /// The tip commit (hex, 40 or 64 digits); required unless the scan failed.
    public var commit: String?
    /// What happened.
    public var status: BranchScanStatus
    /// Why the scan failed; required exactly when `status` is `.failed`.
    public var error: String?
    /// The references of the commit, or `nil` to share what is already stored for it. With
    /// `sharedFiles`, only the references of the files not listed there.
    public var references: [Reference]?
    /// Problems met while scanning the commit; stored with its references (with `sharedFiles`, only
    /// those of the files not listed there).
    public var warnings: [FileWarning]
    /// Files whose stored result is reused from an earlier scan: path → file scan id, as returned by
    /// `recordBranchScan` for an earlier commit. Their references and warnings are not repeated in
    /// `references` and `warnings`; a path in both is an invalid record.
    public var sharedFiles: [String: Int64]
    /// The commit scan, of the same repository, and all of its files, when the commit was scanned as
    /// its difference from that commit: the commit then has every file of the base but those in
    /// `baseFilesLeftOut` and those `references`, `warnings` or `sharedFiles` give another result, so
    /// a commit that differs from its base in a few files costs those files. It is stored as what
    /// differs from the base (`commit_file_entry`) when the base is stored whole, else whole. nil: the
    /// commit's files are those given and `sharedFiles`.
    public var base: StoredCommitFiles?
    /// With `base`: the base's files this commit does not have.
    public var baseFilesLeftOut: Set<String>
    /// Identifies the extractors that produced `references`; stored references of the same commit
    /// made by other extractors are not shared, so a newer census rescans instead of trusting them.
    public var extractionVersion: String
    /// When the branch was scanned.
    public var scannedAt: Date

    /// A branch scan record; `extractionVersion` defaults to the versions of this build's extractors.
    public init(runID: Int64, repositoryID: Int64, branch: String, commit: String?,
                status: BranchScanStatus, error: String? = nil, references: [Reference]? = nil,
                warnings: [FileWarning] = [], sharedFiles: [String: Int64] = [:], extractionVersion: String = AppDatabase.extractionVersion,
                scannedAt: Date = Date()) {
        self.runID = runID
        self.repositoryID = repositoryID
        self.branch = branch
        self.commit = commit
        self.status = status
        self.error = error
        self.references = references
        self.warnings = warnings
        self.sharedFiles = sharedFiles
        self.base = nil
        self.baseFilesLeftOut = []
        self.extractionVersion = extractionVersion
        self.scannedAt = scannedAt
    }
}

/// One stored commit scan and its files (path → file scan id, files with references or warnings only),
/// as `AppDatabase.recordEachBranchScan` returns them for each stored commit.
public struct StoredCommitFiles: Sendable, Hashable {
    /// The commit scan (`commit_scan.id`).
    public var commitScanID: Int64
    /// Its files: path → file scan id.
    public var files: [String: Int64]

    public init(commitScanID: Int64, files: [String: Int64]) {
        self.commitScanID = commitScanID
        self.files = files
    }
}
