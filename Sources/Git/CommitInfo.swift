import Foundation

/// The parts of a commit the census records.
public struct CommitInfo: Sendable, Hashable {
    /// The commit itself.
    public var id: ObjectID
    /// Its root tree.
    public var tree: ObjectID
    /// Committer time.
    public var time: Date
    /// Parent commits, first parent first.
    public var parents: [ObjectID]
    /// The first paragraph of the message, on one line.
    public var summary: String
    /// The author's name.
    public var author: String

    /// Creates a commit description.
    public init(id: ObjectID, tree: ObjectID, time: Date, parents: [ObjectID], summary: String, author: String) {
        self.id = id
        self.tree = tree
        self.time = time
        self.parents = parents
        self.summary = summary
        self.author = author
    }
}
