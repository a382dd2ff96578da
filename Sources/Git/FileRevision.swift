import Foundation

/// One change to a file on a first-parent history.
public struct FileRevision: Sendable, Hashable {
    /// The commit that changed the file.
    public var commit: ObjectID
    /// That commit's committer time.
    public var time: Date
    /// The file's id after the commit; nil when the commit deleted it.
    public var blob: ObjectID?

    /// Creates a revision.
    public init(commit: ObjectID, time: Date, blob: ObjectID?) {
        self.commit = commit
        self.time = time
        self.blob = blob
    }
}
