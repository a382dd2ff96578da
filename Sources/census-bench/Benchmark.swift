import Crawler
import Extraction
import Foundation
import Git
import Inventory

/// One benchmark session: prepares the fleet, runs every measurement and writes the results.
struct Benchmark {
    var options: BenchOptions
    let work: String
    let census: String
    let generator: FleetGenerator
    /// Base URL of the loopback HTTP server, nil when crawling local paths.
    let httpBase: String?
    /// The folder the loopback HTTP server serves (its URL is `CENSUS_TEST_GIT_HTTP`), nil without one.
    let httpRoot: String?
    let httpServer: String?
    let reposFile: String
    let databasePath: String
    let mirrorsPath: String

    init(options: BenchOptions) throws {
        self.options = options
        let fm = FileManager.default
        try fm.createDirectory(atPath: options.work, withIntermediateDirectories: true)
        work = URL(fileURLWithPath: options.work).standardizedFileURL.path
        let executableFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        census = options.census ?? executableFolder + "/census"
        guard fm.isExecutableFile(atPath: census) else { throw BenchError.missingBinary(census) }
        let environment = ProcessInfo.processInfo.environment
        if let base = environment["CENSUS_TEST_GIT_HTTP"], let root = environment["CENSUS_TEST_GIT_HTTP_ROOT"] {
            httpBase = base + "/bench-fleet"
            httpRoot = root
            httpServer = base
            generator = FleetGenerator(root: root + "/bench-fleet", repositories: options.repositories,
                                       branches: options.branches, files: options.files)
        } else {
            httpBase = nil
            httpRoot = nil
            httpServer = nil
            generator = FleetGenerator(root: work + "/fleet", repositories: options.repositories,
                                       branches: options.branches, files: options.files)
        }
        if let output = options.output {
            self.options.output = URL(fileURLWithPath: output).standardizedFileURL.path
        }
        if let fleetFile = options.fleetFile {
            self.options.fleetFile = URL(fileURLWithPath: fleetFile).standardizedFileURL.path
        }
        // Crawls run in the work folder: no policy.yml is picked up, only the crawl is measured.
        guard fm.changeCurrentDirectoryPath(work) else { throw BenchError.usage("cannot enter \(work)") }
        reposFile = work + "/repos.txt"
        databasePath = work + "/census.sqlite"
        mirrorsPath = work + "/mirrors"
    }

    func log(_ message: String) {
        FileHandle.standardError.write(Data("bench: \(message)\n".utf8))
    }

    func url(_ index: Int) -> String {
        httpBase.map { $0 + "/" + FleetGenerator.name(index) + ".git" } ?? generator.path(index)
    }

    func repositoryName(_ index: Int) -> String { "bench/" + FleetGenerator.name(index) }

    // MARK: Running census

    /// One `census crawl` of `repos` (the fleet's list by default) as a child process, with `policy` when given.
    func crawl(jobs: Int, repos: String? = nil, policy: String? = nil) throws -> ChildProcess.Result {
        let result = try ChildProcess.runMeasured(
            [census, "crawl", "--repos", repos ?? reposFile, "--db", databasePath, "--cache", mirrorsPath,
             "--jobs", "\(jobs)"] + (policy.map { ["--policy", $0] } ?? []),
            stdoutPath: work + "/crawl.out", stderrPath: work + "/crawl.err")
        if result.status != 0 {
            let errors = (try? String(contentsOfFile: work + "/crawl.err", encoding: .utf8)) ?? ""
            log("census crawl exited with \(result.status):\n" + errors.split(separator: "\n").suffix(20).joined(separator: "\n"))
            try result.check("census crawl")
        }
        return result
    }

    func removeDatabase() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
    }

    func removeMirrors() {
        try? FileManager.default.removeItem(atPath: mirrorsPath)
    }

    /// The fleet crawled cold as `options.shards` shards one after another (each with its own database
    /// and mirrors, as on separate machines), then `census merge` into an empty central inventory.
    func measureShards(into results: inout BenchResults) throws {
        let count = options.shards
        let folder = work + "/shards"
        let specs = (0..<options.repositories).map { RepositorySpec(url: url($0), name: repositoryName($0)) }
        results.shardSizes = (0..<count).map { index in specs.filter(Shard(index: index, count: count)!.owns).count }
        // Rendezvous hashing moves a repository only to the new shard, so these are all that move.
        results.shardsMoved = specs.filter(Shard(index: count, count: count + 1)!.owns).count
        for run in 1...options.runs {
            try? FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var times: [Double] = []
            for index in 0..<count {
                let result = try ChildProcess.run(
                    [census, "crawl", "--shard", "\(index)/\(count)", "--repos", reposFile, "--db", folder + "/shard-\(index).sqlite",
                     "--cache", folder + "/mirrors-\(index)", "--jobs", "\(options.jobs)"],
                    stdoutPath: folder + "/crawl.out", stderrPath: folder + "/crawl.err")
                try result.check("census crawl --shard \(index)/\(count)")
                times.append(result.seconds)
                results.peakResidentBytes = max(results.peakResidentBytes, result.maxResidentBytes)
            }
            results.shardSlowest.append(times.max() ?? 0)
            results.shardSum.append(times.reduce(0, +))
            let merge = try ChildProcess.run(
                [census, "merge", "--db", folder + "/central.sqlite"] + (0..<count).map { folder + "/shard-\($0).sqlite" },
                stdoutPath: folder + "/merge.out", stderrPath: folder + "/merge.err")
            try merge.check("census merge")
            results.merge.append(merge.seconds)
            results.mergePeakBytes = max(results.mergePeakBytes, merge.maxResidentBytes)
            log(String(format: "%d shards %d/%d: slowest %.2f s, sum %.2f s, merge %.2f s", count, run, options.runs,
                       times.max() ?? 0, times.reduce(0, +), merge.seconds))
        }
        let query = "SELECT COUNT(*), COUNT(DISTINCT repository || ' ' || branch) FROM current_references"
        results.shardsAgree = try AppDatabase.openForReading(path: folder + "/central.sqlite").readOnlyQuery(sql: query)
            == AppDatabase.openForReading(path: databasePath).readOnlyQuery(sql: query)
    }

    // MARK: The session

    func run() throws {
        GitLibrary.initialize()
        let report: String
        if let fleetFile = options.fleetFile {
            report = try measureExistingFleet(fleetFile).markdown(machine: MachineDescription.current())
        } else {
            var results = BenchResults(options: options, transport: httpBase == nil ? .local : .http)
            if !options.largeOnly && !options.manyOnly { try measureFleet(into: &results) }
            if options.largeCommits > 0 && !options.manyOnly { results.large = try measureLargeRepository() }
            if options.many > 0 && !options.largeOnly { results.many = try measureManyRepositories() }
            report = results.markdown(machine: MachineDescription.current())
        }
        let output = options.output ?? work + "/results.md"
        try report.write(toFile: output, atomically: true, encoding: .utf8)
        FileHandle.standardOutput.write(Data(report.utf8))
        log("results written to \(output)")
    }

    /// The fleet's rows: cold crawls, re-crawls, extraction, the git grep baseline, the floor, --jobs.
    private func measureFleet(into results: inout BenchResults) throws {
        log("fleet: \(options.repositories) repositories x \(options.branches) branches x \(options.files) files in "
            + generator.root + (httpBase.map { " served at \($0)" } ?? " (local paths)"))
        let generationStarted = Date()
        let generated = try generator.prepare(log: log)
        let generationSeconds = Date().timeIntervalSince(generationStarted)
        var repos = "# census-bench fleet\n"
        for index in 0..<options.repositories {
            repos += "\(url(index))  branches=main,release/*  team=team\(index % 7)  name=\(repositoryName(index))\n"
        }
        try repos.write(toFile: reposFile, atomically: true, encoding: .utf8)
        results.fleetMeasured = true
        results.generationSeconds = generated ? generationSeconds : nil
        results.candidatesPerTree = FleetContent(repository: 0, fileCount: options.files).files(branch: 0).keys
            .filter { FileKind.classify(path: $0) != nil }.count

        // Cold crawls: empty database, no mirrors.
        for run in 1...options.runs {
            removeDatabase()
            removeMirrors()
            let result = try crawl(jobs: options.jobs)
            results.cold.append(result.seconds)
            results.peakResidentBytes = max(results.peakResidentBytes, result.maxResidentBytes)
            log(String(format: "cold crawl %d/%d: %.2f s, peak RSS %.0f MB", run, options.runs, result.seconds,
                       Double(result.maxResidentBytes) / 1_048_576))
        }
        try results.recordInventory(AppDatabase(path: databasePath))

        // Re-crawls with nothing changed.
        for run in 1...options.quickRuns {
            let result = try crawl(jobs: options.jobs)
            results.noChange.append(result.seconds)
            results.peakResidentBytes = max(results.peakResidentBytes, result.maxResidentBytes)
            log(String(format: "no-change re-crawl %d/%d: %.3f s", run, options.quickRuns, result.seconds))
        }

        if options.policy { try measurePolicy(into: &results) }

        // Re-crawls after one new commit on one branch of each of five repositories.
        let touched = (0..<min(5, options.repositories)).map { $0 * options.repositories / min(5, options.repositories) }
        var originalTips: [Int: [String: ObjectID]] = [:]
        for index in touched { originalTips[index] = try generator.tips(index) }
        for run in 1...options.runs {
            for (offset, index) in touched.enumerated() {
                _ = try generator.commitOneChange(repository: index, branch: (run * 7 + offset) % options.branches,
                                                  round: run)
            }
            let result = try crawl(jobs: options.jobs)
            results.oneCommit.append(result.seconds)
            log(String(format: "one-commit re-crawl %d/%d: %.3f s", run, options.runs, result.seconds))
        }
        for index in touched {
            for (branch, tip) in originalTips[index] ?? [:] {
                try Repository.open(at: generator.path(index)).setReference("refs/heads/" + branch, to: tip)
            }
        }
        // Bring the mirrors back to the generated tips (untimed), so extraction and git grep see the same branches.
        _ = try crawl(jobs: options.jobs)

        // Extraction: every tracked branch scanned from current mirrors into an empty database.
        for run in 1...options.runs {
            removeDatabase()
            let result = try crawl(jobs: options.jobs)
            results.extraction.append(result.seconds)
            results.peakResidentBytes = max(results.peakResidentBytes, result.maxResidentBytes)
            log(String(format: "extraction crawl %d/%d: %.2f s", run, options.runs, result.seconds))
        }

        // The git grep baseline over the same mirrors and branches (the repositories themselves when they
        // are local paths: census reads those in place, without mirrors).
        let store = MirrorStore(root: mirrorsPath)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let grepFolder = work + "/grep"
        try FileManager.default.createDirectory(atPath: grepFolder, withIntermediateDirectories: true)
        var targets: [GrepBaseline.Target] = []
        for index in 0..<options.repositories {
            let mirror = httpBase == nil ? generator.path(index) : store.path(for: url(index))
            let branches = try Repository.open(at: mirror).localBranches().keys.sorted()
            targets.append(GrepBaseline.Target(name: repositoryName(index), mirror: mirror, branches: branches,
                                               output: grepFolder + "/" + FleetGenerator.name(index) + ".txt"))
        }
        results.grepParallel = cores
        for run in 1...options.runs {
            let seconds = try GrepBaseline.run(targets, parallel: cores)
            results.grep.append(seconds)
            log(String(format: "git grep baseline %d/%d: %.2f s", run, options.runs, seconds))
        }
        // The floor under any cold extraction: git reading each distinct tree once.
        let floor = try TreeReadFloor.prepare(mirrors: targets.map(\.mirror), folder: grepFolder)
        results.floorTrees = floor.trees
        for run in 1...options.runs {
            let seconds = try floor.run(parallel: cores)
            results.treeFloor.append(seconds)
            log(String(format: "reading %d distinct trees with git cat-file %d/%d: %.2f s", floor.trees, run,
                       options.runs, seconds))
        }
        var names: [String: String] = [:]
        for (index, target) in targets.enumerated() { names[target.mirror] = repositoryName(index) }
        results.check = try ExtractionCheck.run(targets, repositoryName: { names[$0.mirror] ?? $0.name },
                                                database: AppDatabase(path: databasePath))

        // Wall time against --jobs, each a cold crawl.
        for jobs in options.scalingJobs {
            var times: [Double] = []
            for _ in 0..<options.scalingRuns {
                removeDatabase()
                removeMirrors()
                let result = try crawl(jobs: jobs)
                times.append(result.seconds)
                results.peakResidentBytes = max(results.peakResidentBytes, result.maxResidentBytes)
            }
            results.scaling.append((jobs, times))
            log(String(format: "cold crawl with --jobs %d: %.2f s", jobs, BenchResults.median(times)))
        }

        // Wall time against --jobs when the network stage is all there is to do: mirrors removed,
        // inventory kept (every commit is stored, so scanning is only bookkeeping).
        for jobs in options.scalingJobs {
            var times: [Double] = []
            for _ in 0..<options.scalingRuns {
                removeMirrors()
                times.append(try crawl(jobs: jobs).seconds)
            }
            results.fetchScaling.append((jobs, times))
            log(String(format: "fetch-only crawl with --jobs %d: %.2f s", jobs, BenchResults.median(times)))
        }

        if options.shards > 0 { try measureShards(into: &results) }
    }
}
