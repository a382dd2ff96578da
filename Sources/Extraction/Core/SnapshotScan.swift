/// Everything extracted from one snapshot of a repository (a commit's tree or a working directory).
public struct SnapshotScan: Sendable, Hashable {
    /// Resolved references, sorted by path then line.
    public var references: [Reference]
    /// Files that could not be read fully, with the reason.
    public var warnings: [FileWarning]
    /// How many candidate files were read.
    public var filesScanned: Int

    public init(references: [Reference] = [], warnings: [FileWarning] = [], filesScanned: Int = 0) {
        self.references = references
        self.warnings = warnings
        self.filesScanned = filesScanned
    }
}

/// A warning about one file of a snapshot.
public struct FileWarning: Codable, Sendable, Hashable {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`, the form people and editors read.
    public var formatted: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
