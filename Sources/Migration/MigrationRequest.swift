import Foundation
import Policy

/// What `census migrate` was asked to do.
public struct MigrationRequest: Sendable {
    /// Which usages move, and to what.
    public var selection: MigrationSelection
    /// Only this repository (exact name); nil for all.
    public var repository: String?
    /// Only branches matching this glob; nil for all.
    public var branch: Glob?
    /// The name in `census/migrate/<name>/<branch>`.
    public var name: String
    /// "Name <email>" for author and committer.
    public var author: String
    /// The commit subject (and an optional body before the generated list); nil for the generated one.
    public var message: String?
    /// The commits' date.
    public var date: Date
    /// Put each verified commit on `refs/heads/census/migrate/<name>/<branch>` in the mirror.
    public var createBranches: Bool
    /// Push each branch created in the mirror to the repository's remote, right after it is created and
    /// under the same mirror lock (the next crawl prunes `census/migrate/*` from the mirror); nil for no push.
    public var push: PushSettings?

    /// A request; by default a dry run dated now. `push` implies `createBranches`.
    public init(selection: MigrationSelection, repository: String? = nil, branch: Glob? = nil, name: String,
                author: String = "census migrate <census@census.invalid>", message: String? = nil,
                date: Date = Date(), createBranches: Bool = false, push: PushSettings? = nil) {
        self.selection = selection
        self.repository = repository
        self.branch = branch
        self.name = name
        self.author = author
        self.message = message
        self.date = date
        self.createBranches = createBranches || push != nil
        self.push = push
    }

    /// The full reference a branch's change is put on.
    public func reference(for branch: String) -> String {
        "refs/heads/census/migrate/\(Self.refComponent(name))/\(branch)"
    }

    /// `text` made safe as one part of a reference name: anything but letters, digits, `.`, `_` and `-`
    /// becomes `-`, and no part starts with `.` or ends with `.lock`.
    public static func refComponent(_ text: String) -> String {
        var out = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
        while out.hasPrefix(".") { out.removeFirst() }
        while out.contains("..") { out = out.replacingOccurrences(of: "..", with: ".") }
        if out.hasSuffix(".lock") { out += "-" }
        return out.isEmpty ? "migration" : out
    }

    /// A default name from a target image: its last path part, tag included (`azurelinux-3.0`).
    public static func defaultName(for target: String) -> String {
        let last = target.split(separator: "/").last.map(String.init) ?? target
        return refComponent(last.replacingOccurrences(of: ":", with: "-").replacingOccurrences(of: "@", with: "-"))
    }
}
