import Foundation
import Git

/// Writes the benchmark fleet: `repositories` bare repositories with `branches` branches each, packed
/// with `git repack` like a real server's. A fleet already generated with the same shape is reused.
struct FleetGenerator {
    var root: String
    var repositories: Int
    var branches: Int
    var files: Int

    /// The folder name of repository `index`.
    static func name(_ index: Int) -> String { String(format: "service-%03d", index) }

    /// The bare repository of `index`.
    func path(_ index: Int) -> String { root + "/" + Self.name(index) + ".git" }

    private var marker: String { root + "/.fleet-shape" }
    private var shape: String { "repositories=\(repositories) branches=\(branches) files=\(files) generator=4\n" }

    /// Generates the fleet unless an identical one is there; returns whether it generated.
    @discardableResult
    func prepare(log: (String) -> Void) throws -> Bool {
        if (try? String(contentsOfFile: marker, encoding: .utf8)) == shape { return false }
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let started = Date()
        for index in 0..<repositories {
            try generate(index)
            if index % 5 == 4 || index == repositories - 1 {
                log(String(format: "generated %d/%d repositories (%.0f s)", index + 1, repositories,
                           Date().timeIntervalSince(started)))
            }
        }
        try shape.write(toFile: marker, atomically: true, encoding: .utf8)
        return true
    }

    /// Streams the repository's commits into `git fast-import`, which writes one pack directly (loose
    /// objects would cost one file creation each), then repacks it the way a server keeps its repositories.
    private func generate(_ index: Int) throws {
        let folder = path(index)
        try Repository.initBare(at: folder).setHead(branch: "main")
        try? FileManager.default.removeItem(atPath: folder + "/hooks")
        let content = FleetContent(repository: index, fileCount: files)
        let stream = root + "/.fast-import-\(index)"
        _ = FileManager.default.createFile(atPath: stream, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: stream) else { throw BenchError.cannotStart(command: stream, code: errno) }
        let date = 1_735_689_600
        handle.write(Self.commit("refs/heads/main", mark: 1, parent: nil, date: date, message: "Initial import",
                                 files: content.baseFiles()))
        for branch in 1..<max(1, branches) {
            handle.write(Self.commit("refs/heads/" + FleetContent.branchName(branch), mark: branch + 1, parent: 1,
                                     date: date + branch * 86_400, message: "Release \(branch)",
                                     files: content.releaseChanges(branch: branch)))
        }
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: stream) }
        try ChildProcess.run(["git", "-C", folder, "fast-import", "--quiet"], stdinPath: stream).check("git fast-import")
        try ChildProcess.run(["git", "-C", folder, "repack", "-a", "-d", "-q"]).check("git repack")
    }

    /// One commit of a `git fast-import` stream, with its files inline.
    static func commit(_ reference: String, mark: Int, parent: Int?, date: Int, message: String,
                               files: [String: FileContent]) -> Data {
        var data = Data()
        func line(_ text: String) { data.append(contentsOf: Array((text + "\n").utf8)) }
        func blob(_ bytes: [UInt8]) {
            line("data \(bytes.count)")
            data.append(contentsOf: bytes)
            line("")
        }
        line("commit \(reference)")
        line("mark :\(mark)")
        line("committer Census Bench <bench@census.invalid> \(date) +0000")
        blob(Array(message.utf8))
        if let parent { line("from :\(parent)") }
        for (path, content) in files.sorted(by: { $0.key < $1.key }) {
            guard case .text(let text) = content else { continue }
            line("M 100644 inline \(path)")
            blob(Array(text.utf8))
        }
        return data
    }

    /// Adds one commit changing one Dockerfile on `branch` of repository `index`; returns the new tip.
    func commitOneChange(repository index: Int, branch: Int, round: Int) throws -> ObjectID {
        let repository = try Repository.open(at: path(index))
        let name = FleetContent.branchName(branch)
        var files = FleetContent(repository: index, fileCount: files).files(branch: branch)
        let dockerfile = files.keys.filter { $0.hasSuffix("/Dockerfile") }.sorted().first ?? "Dockerfile"
        files[dockerfile] = .text("FROM mcr.microsoft.com/dotnet/runtime:8.0.\(round)\nRUN echo round \(round)\n")
        return try repository.commit(files: files, on: name, message: "Bump base image (round \(round))",
                                     date: Date(timeIntervalSince1970: 1_767_225_600 + Double(round) * 3_600))
    }

    /// Moves `branch` of repository `index` back to `tip` (undoing `commitOneChange`).
    func reset(repository index: Int, branch: Int, to tip: ObjectID) throws {
        try Repository.open(at: path(index)).setReference("refs/heads/" + FleetContent.branchName(branch), to: tip)
    }

    /// The tips of every branch of repository `index`.
    func tips(_ index: Int) throws -> [String: ObjectID] {
        try Repository.open(at: path(index)).localBranches()
    }
}
