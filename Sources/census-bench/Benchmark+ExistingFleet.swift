import Crawler
import Foundation
import Inventory

/// `--fleet REPOS.TXT`: the extraction of repositories already on this machine against git grep over the
/// same branches. The generated fleet's files are few kinds and small; real repositories hold far more
/// YAML, scripts and templates, and their profile differs (docs/performance.md).
extension Benchmark {
    func measureExistingFleet(_ reposFile: String) throws -> ExistingFleetResults {
        log("fleet: the repositories of \(reposFile), read in place")
        var results = ExistingFleetResults(reposFile: reposFile, jobs: options.jobs)
        for run in 1...options.runs {
            removeDatabase()
            let result = try crawl(jobs: options.jobs, repos: reposFile)
            results.crawls.append(result)
            log(String(format: "extraction crawl %d/%d: %.2f s, %.2f CPU-seconds, peak RSS %d MB", run, options.runs,
                       result.seconds, result.cpuSeconds, result.maxResidentBytes >> 20))
        }

        // git grep searches the branches the crawl tracked, in each repository's own folder.
        let database = try AppDatabase(path: databasePath)
        var branches: [String: (folder: String, names: [String])] = [:]
        for branch in try database.currentBranches() {
            guard let folder = RepositoryLocation.localPath(of: branch.repositoryURL) else {
                throw BenchError.usage("--fleet reads repositories on this machine: \(branch.repositoryURL) is not a local path")
            }
            branches[branch.repository, default: (folder, [])].names.append(branch.branch)
        }
        if case .integer(let count)? = try database.readOnlyQuery(sql: "SELECT COUNT(*) FROM current_references").rows.first?.first {
            results.references = Int(count)
        }
        let grepFolder = work + "/grep-fleet"
        try FileManager.default.createDirectory(atPath: grepFolder, withIntermediateDirectories: true)
        let targets = branches.sorted { $0.key < $1.key }.enumerated().map { index, entry in
            GrepBaseline.Target(name: entry.key, mirror: entry.value.folder, branches: entry.value.names.sorted(),
                                output: grepFolder + "/\(index).txt")
        }
        results.repositories = targets.count
        results.branches = targets.reduce(0) { $0 + $1.branches.count }
        results.grepParallel = ProcessInfo.processInfo.activeProcessorCount
        for run in 1...options.runs {
            let seconds = try GrepBaseline.run(targets, parallel: results.grepParallel)
            results.grep.append(seconds)
            log(String(format: "git grep baseline %d/%d: %.2f s", run, options.runs, seconds))
        }
        return results
    }
}

/// What `--fleet` measured.
struct ExistingFleetResults {
    var reposFile: String
    var jobs: Int
    var crawls: [ChildProcess.Result] = []
    var grep: [Double] = []
    var grepParallel = 1
    var repositories = 0
    var branches = 0
    var references = 0

    func markdown(machine: String) -> String {
        let extraction = crawls.map(\.seconds)
        let cpu = crawls.map(\.cpuSeconds)
        let peakMB = (crawls.map(\.maxResidentBytes).max() ?? 0) >> 20
        return [
            "## Extraction of an existing fleet", "",
            "- Machine: \(machine)",
            "- Fleet: the \(repositories) repositories of `\(reposFile)`, read in place: \(branches) tracked branches, "
                + "\(references) current references.",
            "- `census crawl --jobs \(jobs)` into an empty database, run as a child process; git grep on each "
                + "repository's tracked branches, \(grepParallel) at a time.", "",
            "| measurement | runs | median | range | target | |",
            "|---|---|---|---|---|---|",
            BenchResults.extractionRow("extraction: crawl of every tracked branch into an empty database", extraction,
                                       grep: grep),
            BenchResults.row("CPU time of those crawls (user + system)", cpu),
            BenchResults.grepRow(grep, on: "repository", parallel: grepParallel),
            "| peak resident memory of a crawl (max) | | **\(peakMB) MB** | | ≤ 300 MB | \(BenchResults.met(peakMB <= 300)) |",
            "",
        ].joined(separator: "\n")
    }
}
