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
    private var shape: String { "repositories=\(repositories) branches=\(branches) files=\(files) generator=1\n" }

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

    private func generate(_ index: Int) throws {
        let repository = try Repository.initBare(at: path(index))
        let content = FleetContent(repository: index, fileCount: files)
        let date = Date(timeIntervalSince1970: 1_735_689_600)
        let main = try repository.commit(files: content.files(branch: 0), on: "main", message: "Initial import",
                                         date: date)
        for branch in 1..<max(1, branches) {
            try repository.commit(files: content.files(branch: branch), on: FleetContent.branchName(branch),
                                  message: "Release \(branch)", date: date.addingTimeInterval(Double(branch) * 86_400),
                                  parents: [main])
        }
        try repository.setHead(branch: "main")
        try ChildProcess.run(["git", "-C", path(index), "repack", "-a", "-d", "-q"]).check("git repack")
        try? FileManager.default.removeItem(atPath: path(index) + "/hooks")
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
