import Foundation
import Git

/// The policy the benchmark crawls the generated fleet with: the rules a platform team would set for
/// these images, and a standard catalog read from a small ImageBuilder manifest repository written next
/// to the fleet (local, so the rows need no network).
///
/// On the fleet it reports non-standard images (Docker Hub's `alpine`, `node`, `golang`, GHCR), base
/// images that are not approved, mutable `latest` tags, unknown and removed prereqs tags, an outdated
/// removed tag, OS releases past or near their end of life (Alpine 3.19 and 3.20, Ubuntu 22.04), and
/// deprecated images.
struct BenchPolicy {
    /// The folder the catalog repository and policy.yml are written to.
    let folder: String

    var catalogPath: String { folder + "/prereqs-catalog.git" }
    var policyPath: String { folder + "/policy.yml" }

    /// Writes the catalog repository (unless there) and policy.yml; returns the policy's path.
    func prepare() throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: catalogPath + "/HEAD") { try writeCatalog() }
        try text.write(toFile: policyPath, atomically: true, encoding: .utf8)
        return policyPath
    }

    var text: String {
        """
        # Written by census-bench: the generated fleet's policy, its catalog a local manifest repository.
        standard:
          - mcr.microsoft.com/dotnet-buildtools/prereqs
          - mcr.microsoft.com/dotnet/*
          - mcr.microsoft.com/azurelinux/*
          - registry.example.com/platform/*
        approvedBaseImages:
          - mcr.microsoft.com/azurelinux/base/core
          - mcr.microsoft.com/dotnet/*
          - mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-*
        maxAgeDays: 180
        warnBeforeEolDays: 180
        catalogs:
          - repository: mcr.microsoft.com/dotnet-buildtools/prereqs
            git: \(catalogPath)
            branch: main
            manifest: manifest.json
        deprecated:
          - match: "node:*"
            reason: build with the .NET SDK images; Node.js comes with the prereqs images
            replacement: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net9.0-build-amd64
          - match: "ghcr.io/example/tools/*"
            reason: the tools images moved to registry.example.com/platform

        """
    }

    /// The manifest's history: tags defined, then moved on (a removed tag ages from its removal).
    private static let history: [(date: Int, message: String, tags: [(tag: String, osVersion: String)])] = [
        (1_704_844_800, "Initial images", [
            ("ubuntu-20.04-helix-amd64", "focal"), ("ubuntu-22.04-helix-amd64", "jammy"),
            ("alpine-3.19-helix-amd64", "alpine3.19"), ("azurelinux-3.0-net8.0-build-amd64", "azurelinux3.0"),
        ]),
        (1_730_764_800, "Add .NET 9 build images, retire Ubuntu 20.04", [
            ("ubuntu-22.04-helix-amd64", "jammy"), ("alpine-3.19-helix-amd64", "alpine3.19"),
            ("azurelinux-3.0-net8.0-build-amd64", "azurelinux3.0"), ("azurelinux-3.0-net9.0-build-amd64", "azurelinux3.0"),
        ]),
        (1_748_736_000, "Alpine 3.22 replaces 3.19; add Ubuntu 24.04", [
            ("ubuntu-22.04-helix-amd64", "jammy"), ("ubuntu-24.04-helix-amd64", "noble"),
            ("alpine-3.22-helix-amd64", "alpine3.22"), ("azurelinux-3.0-net8.0-build-amd64", "azurelinux3.0"),
            ("azurelinux-3.0-net9.0-build-amd64", "azurelinux3.0"),
        ]),
    ]

    private static func manifest(_ tags: [(tag: String, osVersion: String)]) -> String {
        let platforms = tags.map { entry in
            """
                  { "dockerfile": "src/\(entry.osVersion)/\(entry.tag)", "os": "linux", "osVersion": "\(entry.osVersion)",
                    "architecture": "amd64", "tags": { "\(entry.tag)": {} } }
            """
        }.joined(separator: ",\n")
        return """
            { "registry": "mcr.microsoft.com", "repos": [ { "name": "dotnet-buildtools/prereqs", "images": [ { "platforms": [
            \(platforms)
            ] } ] } ] }

            """
    }

    private func writeCatalog() throws {
        try? FileManager.default.removeItem(atPath: catalogPath)
        try Repository.initBare(at: catalogPath).setHead(branch: "main")
        var stream = Data()
        for (index, commit) in Self.history.enumerated() {
            stream.append(FleetGenerator.commit("refs/heads/main", mark: index + 1, parent: index == 0 ? nil : index,
                                                date: commit.date, message: commit.message,
                                                files: ["manifest.json": .text(Self.manifest(commit.tags))]))
        }
        let streamPath = folder + "/.catalog-import"
        try stream.write(to: URL(fileURLWithPath: streamPath))
        defer { try? FileManager.default.removeItem(atPath: streamPath) }
        try ChildProcess.run(["git", "-C", catalogPath, "fast-import", "--quiet"], stdinPath: streamPath)
            .check("git fast-import")
    }
}
