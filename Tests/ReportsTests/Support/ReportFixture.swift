import Extraction
import Foundation
import Inventory
import Policy

/// A fixed inventory of five repositories crawled over four ISO weeks (2026-W02 to 2026-W05), built
/// in memory for the report tests and judged after every crawl by the real policy evaluator. It holds
/// a migration in progress (CentOS 7 to Azure Linux), a failed branch and a failed repository, a
/// repository added later, a local repository without a team, a repository with hundreds of findings,
/// and names that need escaping in every format.
struct ReportFixture {
    let database: AppDatabase
    /// Run ids by ISO week.
    var runs: [String: Int64] = [:]
    var ids: [String: Int64] = [:]

    static let runtime = "dotnet/runtime"
    static let tools = "dnceng/internal-tools"
    static let images = "platform/images"
    static let local = "local-tools"
    static let weird = "acme/<script>alert(\"x\")</script>|pipe"

    static let centos = "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7"
    static let azurelinux = "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64"

    /// Monday 08:00 UTC of 2026-W02 plus `weeks` weeks and `hours` hours.
    static func date(week: Int, hours: Double = 0) -> Date {
        Date(timeIntervalSince1970: 1_767_600_000 + Double(week) * 7 * 86_400 + hours * 3600)   // 2026-01-05T08:00:00Z
    }

    /// A 40-digit commit id derived from `name` (FNV-1a), so ids differ from their first digit.
    static func commit(_ name: String) -> String {
        var hex = ""
        for seed in 0..<3 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(seed)
            for byte in name.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hex += String(hash, radix: 16).leftPadded(to: 16)
        }
        return String(hex.prefix(40))
    }

    static func reference(_ path: String, _ line: Int, _ image: String, kind: String = "dockerfile/from",
                          context: String? = nil) -> Reference {
        Reference(path: path, fact: ReferenceFact(line: line, kind: kind, context: context, raw: image, value: .literal(image)),
                  image: image, unresolvedReason: nil)
    }

    static func unresolved(_ path: String, _ line: Int, _ raw: String, reason: String) -> Reference {
        Reference(path: path, fact: ReferenceFact(line: line, kind: "azure-pipelines/job-container", context: "jobs[build]",
                                                  raw: raw, value: .unresolved(reason: reason)),
                  image: nil, unresolvedReason: reason)
    }

    // MARK: Branch contents

    static func runtimeMain(migrated: Bool) -> [Reference] {
        [
            reference("eng/docker/Dockerfile", migrated ? 2 : 1, migrated ? azurelinux : centos),
            reference("eng/pipelines/ci.yml", 12, azurelinux, kind: "azure-pipelines/container-resource",
                      context: "resources.containers[linux_x64]"),
            unresolved("eng/pipelines/ci.yml", 30, "$(BuildImage)", reason: "$(BuildImage) is set at queue time"),
        ]
    }

    static let runtimeRelease = [
        reference("eng/docker/Dockerfile", 1, centos),
        reference("eng/pipelines/ci.yml", 12, centos, kind: "azure-pipelines/container-resource",
                  context: "resources.containers[linux_x64]"),
    ]

    /// Hundreds of usages in one file: a generated Dockerfile of old base images.
    static let toolsMain: [Reference] = (1...120).map { index in
        reference("docker/legacy/Dockerfile", index * 2, "ubuntu:\(14 + (index % 4) * 2).04")
    } + [reference("eng/pipelines/build.yml", 8, centos, kind: "azure-pipelines/job-container")]

    static let imagesMain = [
        reference("compose.yml", 4, "postgres:latest", kind: "compose/service", context: "services.db"),
        reference("compose.yml", 9, "redis", kind: "compose/service", context: "services.cache"),
        reference("base/Dockerfile", 1, "mcr.microsoft.com/azurelinux/base/core:3.0"),
    ]

    static let localMain = [reference("Dockerfile", 1, "alpine:3.12")]

    static let weirdBranch = "feature/=cmd|' /C calc'!A0"
    static let weirdMain = [
        reference("deploy/=HYPERLINK(\"http://evil\")|x.yml", 3, "ghcr.io/acme/tool:1.0", kind: "github-actions/container",
                  context: "jobs[<b>build</b>]"),
        unresolved("deploy/ci.yml", 7, "${{ parameters.<img src=x onerror=alert(1)> }}", reason: "`<script>` | [x](javascript:1)"),
    ]

    // MARK: Policy

    static let policy = """
        standard:
          - mcr.microsoft.com/dotnet-buildtools/prereqs
          - mcr.microsoft.com/azurelinux/*
        approvedBaseImages:
          - mcr.microsoft.com/azurelinux/base/core
          - mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-*
        maxAgeDays: 180
        catalogs:
          - repository: mcr.microsoft.com/dotnet-buildtools/prereqs
            git: https://github.com/dotnet/dotnet-buildtools-prereqs-docker
            branch: main
            manifest: manifest.json
        deprecated:
          - match: "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*"
            reason: CentOS 7 is end of life
            replacement: mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-build-amd64
        """

    static func day(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    /// The prereqs catalog: Azure Linux 3.0 current since November 2025, CentOS 7 removed in July 2024.
    static let catalogs = CatalogSnapshot([Catalog(
        repository: "mcr.microsoft.com/dotnet-buildtools/prereqs", origin: .manifest,
        source: "git https://github.com/dotnet/dotnet-buildtools-prereqs-docker main:manifest.json",
        fetchedAt: day("2026-01-01"), tags: [
            CatalogTag(tag: "azurelinux-3.0-net10.0-build-amd64", firstSeen: day("2025-11-01"),
                       platform: TagPlatform(os: "linux", osVersion: "azurelinux3.0", architecture: "amd64")),
            CatalogTag(tag: "centos-7", firstSeen: day("2019-03-01"), removedAt: day("2024-07-01"),
                       platform: TagPlatform(os: "linux", osVersion: "centos7", architecture: "amd64")),
        ])])

    /// Judges the current references with the fixture policy and stores the findings for `run`.
    func evaluate(_ run: Int64, at date: Date) throws {
        let document = try PolicyDocument.decode(Self.policy, file: "policy.yml")
        try FindingsRecorder(policy: document, database: database)
            .evaluateCurrentReferences(runID: run, catalogs: Self.catalogs, now: date)
    }

    // MARK: Building

    /// The full four-week inventory; with `judged: false` no run is judged against the policy.
    static func make(judged: Bool = true) throws -> ReportFixture {
        var fixture = ReportFixture(database: try AppDatabase.inMemory())
        try fixture.repository(runtime, "https://github.com/dotnet/runtime", team: "runtime", contact: "runtime@example.com")
        try fixture.repository(tools, "https://dev.azure.com/dnceng/internal/_git/internal-tools", team: "dnceng")
        try fixture.repository(images, "https://gitlab.example.com/platform/images.git", team: "platform")
        try fixture.repository(local, "/srv/mirrors/tools.git", team: nil)
        try fixture.repository(weird, "https://github.com/acme/weird", team: "=SUM(1+1) *bold* [x](javascript:alert(1))",
                               contact: "=cmd@example.com")

        // 2026-W02: the first crawl; platform/images is not tracked yet.
        try fixture.run(week: "2026-W02", offset: 0, judged: judged) { f, run in
            try f.scan(run, runtime, "main", "rt-main-1", runtimeMain(migrated: false))
            try f.scan(run, runtime, "release/8.0", "rt-rel-1", runtimeRelease)
            try f.repositoryDone(run, runtime)
            try f.scan(run, tools, "main", "tools-1", toolsMain)
            try f.repositoryDone(run, tools)
            try f.scan(run, local, "main", "local-1", localMain)
            try f.repositoryDone(run, local)
            try f.scan(run, weird, weirdBranch, "weird-1", weirdMain)
            try f.repositoryDone(run, weird)
        }
        // 2026-W03: runtime main moves to Azure Linux; platform/images joins.
        try fixture.run(week: "2026-W03", offset: 1, judged: judged) { f, run in
            try f.scan(run, runtime, "main", "rt-main-2", runtimeMain(migrated: true))
            try f.scan(run, runtime, "release/8.0", "rt-rel-1", nil)
            try f.repositoryDone(run, runtime)
            try f.scan(run, tools, "main", "tools-1", nil)
            try f.repositoryDone(run, tools)
            try f.scan(run, images, "main", "images-1", imagesMain)
            try f.repositoryDone(run, images)
            try f.scan(run, local, "main", "local-1", nil)
            try f.repositoryDone(run, local)
            try f.scan(run, weird, weirdBranch, "weird-1", nil)
            try f.repositoryDone(run, weird)
        }
        // 2026-W04: an interrupted crawl, then one where a branch and a repository fail.
        _ = try fixture.database.startRun(at: date(week: 2))
        try fixture.database.markUnfinishedRunsInterrupted(at: date(week: 2, hours: 1))
        try fixture.run(week: "2026-W04", offset: 2, hours: 2, judged: judged) { f, run in
            try f.scan(run, runtime, "main", "rt-main-2", nil)
            try f.database.recordBranchScan(BranchScanRecord(
                runID: run, repositoryID: f.ids[runtime] ?? 0, branch: "release/8.0", commit: nil, status: .failed,
                error: "tree walk failed: object 5f3c… not found", scannedAt: date(week: 2, hours: 2)))
            try f.database.recordRepositoryScan(runID: run, repositoryID: f.ids[runtime] ?? 0, status: .partial,
                                                error: "1 of 2 branches failed: release/8.0", duration: .seconds(40))
            try f.database.recordRepositoryScan(runID: run, repositoryID: f.ids[tools] ?? 0, status: .failed,
                                                error: "fetch timed out after 300 s (https://dev.azure.com/dnceng/internal/_git/internal-tools)",
                                                duration: .seconds(300))
            try f.scan(run, images, "main", "images-1", nil)
            try f.repositoryDone(run, images)
            try f.scan(run, local, "main", "local-1", nil)
            try f.repositoryDone(run, local)
            try f.scan(run, weird, weirdBranch, "weird-1", nil)
            try f.repositoryDone(run, weird)
        }
        // 2026-W05: everything crawls again; release/8.0 is still on CentOS 7 and the local tool moves on.
        try fixture.run(week: "2026-W05", offset: 3, judged: judged) { f, run in
            try f.scan(run, runtime, "main", "rt-main-2", nil)
            try f.scan(run, runtime, "release/8.0", "rt-rel-1", nil)
            try f.repositoryDone(run, runtime)
            try f.scan(run, tools, "main", "tools-1", nil)
            try f.repositoryDone(run, tools)
            try f.scan(run, images, "main", "images-1", nil)
            try f.repositoryDone(run, images)
            try f.scan(run, local, "main", "local-2", [reference("Dockerfile", 1, "alpine:3.21")])
            try f.repositoryDone(run, local)
            try f.scan(run, weird, weirdBranch, "weird-1", nil)
            try f.repositoryDone(run, weird)
        }
        try fixture.database.recordCodeowners(
            repositoryID: fixture.ids[runtime] ?? 0, commit: commit("rt-main-2"),
            files: [CodeownersFile(path: ".github/CODEOWNERS", content: "* @dotnet/runtime-infra\n/eng/docker/ @dotnet/docker-team\n")])
        return fixture
    }

    mutating func repository(_ name: String, _ url: String, team: String?, contact: String? = nil) throws {
        ids[name] = try database.upsertRepository(RepositoryInfo(name: name, url: url, team: team, contact: contact))
    }

    mutating func run(week: String, offset: Int, hours: Double = 0, judged: Bool = true,
                      _ body: (ReportFixture, Int64) throws -> Void) throws {
        let run = try database.startRun(at: Self.date(week: offset, hours: hours))
        try body(self, run)
        // Failed whole or in part, as a crawl counts them.
        let failed = Set(try database.failedRepositories(runID: run).map(\.name)
                         + database.failedBranches(runID: run).map(\.repository)).count
        try database.finishRun(run, at: Self.date(week: offset, hours: hours + 1), repositoriesTotal: 5 - (week == "2026-W02" ? 1 : 0),
                               repositoriesFailed: failed, status: failed == 0 ? .ok : .partial)
        if judged { try evaluate(run, at: Self.date(week: offset, hours: hours + 1)) }
        runs[week] = run
    }

    /// Records a branch: scanned with `references`, or sharing the stored scan of its commit when `nil`.
    func scan(_ run: Int64, _ repository: String, _ branch: String, _ commitName: String, _ references: [Reference]?) throws {
        try database.recordBranchScan(BranchScanRecord(
            runID: run, repositoryID: ids[repository] ?? 0, branch: branch, commit: Self.commit(commitName),
            status: references == nil ? .unchanged : .ok, references: references, scannedAt: Self.date(week: 0)))
    }

    func repositoryDone(_ run: Int64, _ repository: String) throws {
        try database.recordRepositoryScan(runID: run, repositoryID: ids[repository] ?? 0, status: .ok, error: nil,
                                          duration: .milliseconds(1200))
    }

    /// The weekly run of `week`.
    func weeklyRun(_ week: String) throws -> WeeklyRun {
        guard let run = try database.weeklyRun(week: week) else {
            throw NSError(domain: "ReportFixture", code: 1, userInfo: [NSLocalizedDescriptionKey: "no run in \(week)"])
        }
        return run
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
