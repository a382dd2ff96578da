import Foundation
import Git

/// A sample fleet of real git repositories, shaped like a .NET platform team's: multi-stage and
/// ARG-driven Dockerfiles, Azure Pipelines with container aliases and templates, Helix queues,
/// current and years-old `dotnet-buildtools/prereqs` tags, Docker Hub short names and a digest-pinned
/// image, plus an ImageBuilder manifest repository whose history adds and removes tags.
/// `census demo` crawls it, and the tests use it as their fleet.
public struct DemoFleet: Sendable {
    /// One repository of the fleet: its folder name, owner team, and commits per branch.
    public struct Member: Sendable {
        public var name: String
        public var team: String
        public var branches: [String: [DemoCommit]]
        /// The branch `HEAD` points at.
        public var defaultBranch: String
    }

    /// A commit: the whole tree's files, a message and a date.
    public struct DemoCommit: Sendable {
        public var files: [String: String]
        public var message: String
        public var date: Date
    }

    /// Where a built fleet lies.
    public struct Layout: Sendable {
        public var root: String
        public var reposFile: String
        public var repositoryPaths: [String: String]
    }

    public var members: [Member]

    /// The standard sample fleet.
    public static let standard = DemoFleet(members: DemoFleetContent.members)

    /// Builds every repository as a bare git repository under `directory/repos/`, writes
    /// `directory/repos.txt` listing them, and returns where everything is. Existing repositories there
    /// are replaced.
    public func build(in directory: String) throws -> Layout {
        GitLibrary.initialize()
        let fm = FileManager.default
        let reposRoot = directory + "/repos"
        try? fm.removeItem(atPath: reposRoot)
        try fm.createDirectory(atPath: reposRoot, withIntermediateDirectories: true)
        var lines = ["# The ImageCensus demo fleet: local bare repositories built by `census demo`."]
        var paths: [String: String] = [:]
        for member in members {
            let path = reposRoot + "/" + member.name + ".git"
            let repository = try Repository.initBare(at: path)
            for (branch, commits) in member.branches.sorted(by: { $0.key < $1.key }) {
                for commit in commits {
                    _ = try repository.commit(files: commit.files.mapValues { .text($0) }, on: branch,
                                              message: commit.message, author: "Demo Fleet <demo@example.com>",
                                              date: commit.date)
                }
            }
            try repository.setHead(branch: member.defaultBranch)
            paths[member.name] = path
            let globs = member.branches.keys.contains { $0.hasPrefix("release/") } ? "main,release/*" : member.defaultBranch
            lines.append("repos/\(member.name).git  branches=\(globs)  team=\(member.team)  name=dotnet/\(member.name)")
        }
        let reposFile = directory + "/repos.txt"
        try (lines.joined(separator: "\n") + "\n").write(toFile: reposFile, atomically: true, encoding: .utf8)
        return Layout(root: directory, reposFile: reposFile, repositoryPaths: paths)
    }
}
