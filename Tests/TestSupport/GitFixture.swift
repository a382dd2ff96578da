import Foundation
import Git

/// A repository built commit by commit through the Git module, standing in for a remote in tests.
///
/// Commit times are deterministic: the first commit is dated 2024-01-01T00:00:00Z and each further
/// commit one hour later, unless a date is given.
public final class GitFixture {
    /// The first commit date used by fixtures.
    public static let firstCommitDate = Date(timeIntervalSince1970: 1_704_067_200)

    /// The repository being built.
    public let repository: Repository
    /// The path the fixture was created at (usable as a remote URL).
    public let path: String
    private var nextDate = GitFixture.firstCommitDate

    /// Creates an empty repository (bare unless `bare` is false) at `path`, HEAD on `main`.
    public init(at path: String, bare: Bool = true) throws {
        repository = bare ? try Repository.initBare(at: path) : try Repository.initWorkTree(at: path)
        self.path = path
    }

    /// Creates an empty repository named `name` inside a scratch directory.
    public convenience init(in scratch: ScratchDirectory, named name: String, bare: Bool = true) throws {
        try self.init(at: scratch.path(name), bare: bare)
    }

    /// The `file://` URL of the fixture.
    public var fileURL: String { "file://" + path }

    /// Commits a tree holding exactly `files` on `branch` (on top of its tip unless `parents` is given).
    @discardableResult
    public func commit(
        _ files: [String: FileContent], on branch: String = "main", message: String? = nil,
        parents: [ObjectID]? = nil, date: Date? = nil
    ) throws -> ObjectID {
        let when = date ?? nextDate
        nextDate = when.addingTimeInterval(3600)
        return try repository.commit(
            files: files, on: branch, message: message ?? "Update \(branch)", date: when, parents: parents)
    }

    /// Commits text files only, the common case.
    @discardableResult
    public func commit(
        texts: [String: String], on branch: String = "main", message: String? = nil, parents: [ObjectID]? = nil
    ) throws -> ObjectID {
        try commit(texts.mapValues { FileContent.text($0) }, on: branch, message: message, parents: parents)
    }

    /// Points a lightweight tag `refs/tags/<name>` at `target`.
    public func tag(_ name: String, at target: ObjectID) throws {
        try repository.setReference("refs/tags/" + name, to: target)
    }

    /// Creates an annotated tag `refs/tags/<name>` at `target`.
    @discardableResult
    public func annotatedTag(_ name: String, at target: ObjectID) throws -> ObjectID {
        try repository.createAnnotatedTag(name, target: target, message: "Release \(name)", date: nextDate)
    }

    /// Creates a pull-request head reference `refs/pull/<number>/head`, as GitHub advertises them.
    public func pullRequest(_ number: Int, at target: ObjectID) throws {
        try repository.setReference("refs/pull/\(number)/head", to: target)
    }

    /// Makes `branch` the default branch (what HEAD points to).
    public func setDefaultBranch(_ branch: String) throws {
        try repository.setHead(branch: branch)
    }
}
