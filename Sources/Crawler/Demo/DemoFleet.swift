import Foundation
import Git

/// A sample fleet of real git repositories, shaped like a .NET platform team's: multi-stage and
/// ARG-driven Dockerfiles, Azure Pipelines with container aliases and templates, Helix queues,
/// current and years-old `dotnet-buildtools/prereqs` tags, Docker Hub short names and a digest-pinned
/// image, plus an ImageBuilder manifest repository whose history adds and removes tags.
///
/// Its files are package resources (`Demo/DemoFleet/`, described by the README there): `fleet.json`
/// lists each repository's commits, each commit a folder of the files it adds or changes. Commits
/// with a `date` are history made before the demo's first crawl; commits with a `week` are made
/// between the demo's weekly crawls, so `census demo` records several weeks of runs.
public struct DemoFleet: Sendable {
    /// The plan in `fleet.json`.
    public struct Plan: Sendable, Decodable {
        /// How many weekly crawls the demo makes.
        public var weeks: Int
        /// The repositories, in repos.txt order.
        public var repositories: [Member]
    }

    /// One repository of the fleet: its folder name, owner team, tracked branches and commits.
    public struct Member: Sendable, Decodable {
        /// The folder name (`runtime` becomes `repos/runtime.git`, named `dotnet/runtime`).
        public var name: String
        /// The owner team written to repos.txt.
        public var team: String
        /// The repos.txt `branches=` value.
        public var branches: String
        /// The branch `HEAD` points at.
        public var defaultBranch: String
        /// The week (0 is the first crawl) from which repos.txt lists the repository.
        public var joinsInWeek: Int?
        /// Its commits, each branch's in order.
        public var commits: [Commit]
    }

    /// A commit: the folder holding the files it adds or changes, what it deletes, and when it is made.
    public struct Commit: Sendable, Decodable {
        /// The branch it is made on; a branch's first commit starts from an empty tree.
        public var branch: String
        /// The folder (relative to the fleet's resources) whose files the commit writes.
        public var files: String
        /// The commit message.
        public var message: String
        /// `yyyy-MM-dd` for history made before the first crawl.
        public var date: String?
        /// The week whose crawl first sees the commit; it is dated a day before that crawl.
        public var week: Int?
        /// Paths the commit deletes.
        public var remove: [String]?
    }

    /// Where a built fleet lies.
    public struct Layout: Sendable {
        public var root: String
        public var reposFile: String
        public var repositoryPaths: [String: String]
    }

    /// The plan of the fleet.
    public var plan: Plan
    /// The folder holding `fleet.json` and the commits' files.
    public var folder: URL

    /// The first line of the repos.txt the demo writes, which marks a folder as the demo's own.
    public static let reposFileHeader = "# The ImageCensus demo fleet: local bare repositories built by `census demo`."

    /// Whether `directory` holds no database, or one a demo built there (its repos.txt is the demo's).
    public static func isDemoFolder(_ directory: String) -> Bool {
        guard FileManager.default.fileExists(atPath: directory + "/census.sqlite") else { return true }
        guard let data = FileManager.default.contents(atPath: directory + "/repos.txt") else { return false }
        return String(decoding: data, as: UTF8.self).hasPrefix(reposFileHeader)
    }

    /// The weeks between two crawls.
    static let week: TimeInterval = 7 * 24 * 3600

    /// The sample fleet shipped with census.
    public static func standard() throws -> DemoFleet {
        try DemoFleet(folder: try resourceFolder())
    }

    /// The fleet described by `folder/fleet.json`.
    public init(folder: URL) throws {
        self.folder = folder
        let planFile = folder.appendingPathComponent("fleet.json")
        let data: Data
        do {
            data = try Data(contentsOf: planFile)
        } catch {
            throw CrawlerError.demoFleetUnreadable(path: planFile.path, reason: "cannot be read")
        }
        do {
            plan = try JSONDecoder().decode(Plan.self, from: data)
        } catch {
            throw CrawlerError.demoFleetUnreadable(path: planFile.path, reason: "is not a valid fleet plan (\(error))")
        }
    }

    /// When each weekly crawl happens: `plan.weeks` crawls a week apart, the last at `lastCrawl`.
    public func crawlDates(endingAt lastCrawl: Date) -> [Date] {
        (0..<max(1, plan.weeks)).map { lastCrawl.addingTimeInterval(-Double(plan.weeks - 1 - $0) * Self.week) }
    }

    /// Builds every repository the fleet has at `week` (default: the last) as a bare git repository
    /// under `directory/repos/`, with the commits made by then, and writes `directory/repos.txt`
    /// listing them. Commit dates are fixed by the plan and `lastCrawl`, so building again with the
    /// same `lastCrawl` gives the same commits. Existing repositories there are replaced.
    public func build(in directory: String, week: Int? = nil, lastCrawl: Date) throws -> Layout {
        GitLibrary.initialize()
        let week = week ?? plan.weeks - 1
        let crawls = crawlDates(endingAt: lastCrawl)
        let fm = FileManager.default
        let reposRoot = directory + "/repos"
        try? fm.removeItem(atPath: reposRoot)
        try fm.createDirectory(atPath: reposRoot, withIntermediateDirectories: true)
        var lines = [Self.reposFileHeader]
        var paths: [String: String] = [:]
        for member in plan.repositories where (member.joinsInWeek ?? 0) <= week {
            let path = reposRoot + "/" + member.name + ".git"
            let repository = try Repository.initBare(at: path)
            var trees: [String: [String: String]] = [:]
            for commit in member.commits {
                let date: Date
                if let commitWeek = commit.week {
                    guard commitWeek <= week, commitWeek < crawls.count else { continue }
                    date = crawls[commitWeek].addingTimeInterval(-24 * 3600)
                } else {
                    date = try Self.day(commit.date ?? "", member: member.name)
                }
                var tree = trees[commit.branch] ?? [:]
                for path in commit.remove ?? [] { tree[path] = nil }
                tree.merge(try files(of: commit)) { _, new in new }
                trees[commit.branch] = tree
                _ = try repository.commit(files: tree.mapValues { .text($0) }, on: commit.branch, message: commit.message,
                                          author: "Demo Fleet <demo@example.com>", date: date)
            }
            try repository.setHead(branch: member.defaultBranch)
            paths[member.name] = path
            lines.append("repos/\(member.name).git  branches=\(member.branches)  team=\(member.team)  name=dotnet/\(member.name)")
        }
        let reposFile = directory + "/repos.txt"
        try (lines.joined(separator: "\n") + "\n").write(toFile: reposFile, atomically: true, encoding: .utf8)
        return Layout(root: directory, reposFile: reposFile, repositoryPaths: paths)
    }

    /// What changes before the crawl of `week` (after the first): the commits made that week and the
    /// repositories joining, as `repository: message` lines.
    public func changes(beforeWeek week: Int) -> [String] {
        plan.repositories.flatMap { member -> [String] in
            let joins = week > 0 && member.joinsInWeek == week ? ["\(member.name): joins the fleet"] : []
            return joins + member.commits.filter { week > 0 && $0.week == week }.map { "\(member.name): \($0.message)" }
        }
    }

    /// The files a commit writes, by path, read from its folder.
    func files(of commit: Commit) throws -> [String: String] {
        let root = folder.appendingPathComponent(commit.files)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw CrawlerError.demoFleetUnreadable(path: root.path, reason: "cannot be listed")
        }
        var files: [String: String] = [:]
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix), let data = FileManager.default.contents(atPath: path) else {
                throw CrawlerError.demoFleetUnreadable(path: path, reason: "cannot be read")
            }
            files[String(path.dropFirst(prefix.count))] = String(decoding: data, as: UTF8.self)
        }
        guard !files.isEmpty || commit.remove?.isEmpty == false else {
            throw CrawlerError.demoFleetUnreadable(path: root.path, reason: "holds no files")
        }
        return files
    }

    static func day(_ text: String, member: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        guard let date = formatter.date(from: text) else {
            throw CrawlerError.demoFleetUnreadable(path: "fleet.json", reason: "\(member): a commit needs a yyyy-MM-dd date or a week")
        }
        return date
    }

    /// The fleet's resource folder: beside the executable (`swift build`, or an installed binary with
    /// its resources copied along). SwiftPM's `Bundle.module` is not used: it stops the process when
    /// the folder is missing, where this says what to copy.
    static func resourceFolder() throws -> URL {
        let bundles = ["ImageCensus_Crawler.resources", "ImageCensus_Crawler.bundle/Contents/Resources", "ImageCensus_Crawler.bundle"]
        var bases = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL {
            bases.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        var searched: [String] = []
        for base in bases {
            for bundle in bundles {
                let folder = base.appendingPathComponent(bundle).appendingPathComponent("DemoFleet")
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("fleet.json").path) { return folder }
                searched.append(folder.path)
            }
        }
        throw CrawlerError.demoFleetUnreadable(
            path: searched.first ?? "ImageCensus_Crawler.resources",
            reason: "is missing: copy the ImageCensus_Crawler.resources folder from .build/<configuration>/ next to the census binary")
    }
}
