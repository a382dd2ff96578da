import Foundation
import Git

/// What the fleet-size rows measured: the same small repositories crawled as a quarter of the fleet
/// and as all of it, so that a cost growing faster than the number of repositories shows.
struct ManyRepositoriesResults {
    /// One fleet size's crawls.
    struct Size {
        var repositories: Int
        /// Cold crawls (empty database, no mirrors).
        var cold: [ChildProcess.Result] = []
        /// Re-crawls with nothing changed.
        var noChange: [ChildProcess.Result] = []
        /// `census report governance` (Markdown) and `census report outreach` of the last run.
        var governance: [ChildProcess.Result] = []
        var outreach: [ChildProcess.Result] = []
    }

    var repositories = 0
    var generationSeconds: Double?
    var overHTTP = false
    var sizes: [Size] = []
}

extension Benchmark {
    /// Generates (or reuses) `options.many` small repositories and crawls a quarter of them and all of
    /// them with a small policy, cold and unchanged, then writes the governance report and the outreach
    /// lists; each command a child process whose peak memory is recorded.
    func measureManyRepositories() throws -> ManyRepositoriesResults {
        let root = (httpRoot ?? work) + "/bench-many"
        // Findings for the reports: most bases are not approved, one Node version is deprecated.
        let policy = work + "/many-policy.yml"
        try """
            standard:
              - registry.example.com/base-*
            approvedBaseImages:
              - registry.example.com/base-1*
            deprecated:
              - match: "node:18*"
                reason: Node 18 is end of life
                replacement: node:22

            """.write(toFile: policy, atomically: true, encoding: .utf8)
        var results = ManyRepositoriesResults(repositories: options.many, overHTTP: httpServer != nil)
        log("fleet of \(options.many) small repositories in \(root)")
        let started = Date()
        if try SmallRepositories(count: options.many, root: root).prepare(log: log) {
            results.generationSeconds = Date().timeIntervalSince(started)
        }
        for count in [max(1, options.many / 4), options.many] {
            let list = work + "/many-\(count).txt"
            let lines = (0..<count).map { index in
                let path = SmallRepositories.name(index) + ".git"
                return (httpServer.map { $0 + "/bench-many/" + path } ?? root + "/" + path) + "  branches=main,release/*\n"
            }
            try lines.joined().write(toFile: list, atomically: true, encoding: .utf8)
            var size = ManyRepositoriesResults.Size(repositories: count)
            for run in 1...options.runs {
                removeDatabase()
                removeMirrors()
                let result = try crawl(jobs: options.jobs, repos: list, policy: policy)
                size.cold.append(result)
                log(String(format: "%d small repositories, cold crawl %d/%d: %.2f s, peak RSS %.0f MB", count, run,
                           options.runs, result.seconds, Double(result.maxResidentBytes) / 1_048_576))
            }
            for run in 1...options.quickRuns {
                let result = try crawl(jobs: options.jobs, repos: list, policy: policy)
                size.noChange.append(result)
                log(String(format: "%d small repositories, no-change re-crawl %d/%d: %.2f s", count, run,
                           options.quickRuns, result.seconds))
            }
            for run in 1...options.runs {
                size.governance.append(try report(["governance", "--format", "md"]))
                size.outreach.append(try report(["outreach"]))
                log(String(format: "%d small repositories, reports %d/%d: governance %.2f s, outreach %.2f s", count,
                           run, options.runs, size.governance[run - 1].seconds, size.outreach[run - 1].seconds))
            }
            results.sizes.append(size)
        }
        return results
    }

    /// One `census report` of the database as a child process, its files written under the work folder.
    private func report(_ arguments: [String]) throws -> ChildProcess.Result {
        let result = try ChildProcess.runMeasured(
            [census, "report"] + arguments + ["--db", databasePath, "--out", work + "/many-reports"],
            stdoutPath: work + "/report.out", stderrPath: work + "/report.err")
        try result.check("census report " + (arguments.first ?? ""))
        return result
    }
}

/// Small repositories for the fleet-size rows: `main` with a Dockerfile and a GitHub workflow, and
/// `release/1` one commit later with another base image. Written with libgit2 and kept between runs
/// while their number is unchanged.
struct SmallRepositories {
    var count: Int
    var root: String

    static func name(_ index: Int) -> String { String(format: "small-%05d", index) }

    /// Generates the repositories unless as many are there; returns whether it generated.
    @discardableResult
    func prepare(log: (String) -> Void) throws -> Bool {
        let marker = root + "/.many-shape"
        let shape = "count=\(count) version=1\n"
        if (try? String(contentsOfFile: marker, encoding: .utf8)) == shape { return false }
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let date = Date(timeIntervalSince1970: 1_767_225_600)
        for index in 0..<count {
            let repository = try Repository.initBare(at: root + "/" + Self.name(index) + ".git")
            try repository.setHead(branch: "main")
            var files: [String: FileContent] = [
                "Dockerfile": .text("FROM registry.example.com/base-\(index % 50):1.\(index)\nRUN make\n"),
                ".github/workflows/build.yml": .text(
                    "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    container: node:\(18 + index % 5)\n"
                        + "    steps:\n      - run: make\n"),
                "README.md": .text("Service \(index)\n"),
            ]
            let main = try repository.commit(files: files, on: "main", message: "Initial import", date: date)
            files["Dockerfile"] = .text("FROM registry.example.com/base-\(index % 50):2.\(index)\nRUN make\n")
            try repository.commit(files: files, on: "release/1", message: "Release 1",
                                  date: date.addingTimeInterval(3_600), parents: [main])
            if (index + 1) % 500 == 0 { log("small repositories: \(index + 1) of \(count)") }
        }
        try shape.write(toFile: marker, atomically: true, encoding: .utf8)
        return true
    }
}

extension ManyRepositoriesResults {
    /// The Markdown section of the fleet-size rows.
    func markdown() -> [String] {
        func megabytes(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1_048_576) }
        func perRepository(_ runs: [ChildProcess.Result], _ count: Int) -> Double {
            BenchResults.median(runs.map(\.seconds)) / Double(max(1, count)) * 1_000
        }
        var lines: [String] = []
        lines.append("### Fleet size: many small repositories")
        lines.append("")
        lines.append("\(repositories) repositories" + (overHTTP ? " served over loopback HTTP" : " as local paths")
                     + ", each with a Dockerfile and a GitHub workflow on `main` and `release/1`"
                     + (generationSeconds.map { String(format: " (generated in %.0f s)", $0) } ?? "")
                     + ". A quarter of them and all of them are crawled with a small policy (most bases unapproved, "
                     + "one Node version deprecated) and reported on, so that a cost per repository that grows with "
                     + "the fleet shows.")
        lines.append("")
        lines.append("| repositories | command | runs | median time | per repository | peak resident memory (max) |")
        lines.append("|---|---|---|---|---|---|")
        for size in sizes {
            for (name, runs) in [("cold crawl (empty database, no mirrors)", size.cold),
                                 ("re-crawl, nothing changed", size.noChange),
                                 ("`census report governance --format md`", size.governance),
                                 ("`census report outreach`", size.outreach)]
            where !runs.isEmpty {
                lines.append(String(format: "| %d | %@ | %d | %.2f s | %.2f ms | %@ |", size.repositories, name, runs.count,
                                    BenchResults.median(runs.map(\.seconds)), perRepository(runs, size.repositories),
                                    megabytes(runs.map(\.maxResidentBytes).max() ?? 0)))
            }
        }
        if let quarter = sizes.first, let all = sizes.last, sizes.count == 2 {
            func growth(_ runs: (Size) -> [ChildProcess.Result]) -> String {
                guard !runs(quarter).isEmpty, !runs(all).isEmpty else { return "–" }
                return String(format: "%.2f×", perRepository(runs(all), all.repositories)
                                  / perRepository(runs(quarter), quarter.repositories))
            }
            lines.append("")
            lines.append("Time per repository, all against a quarter: cold \(growth(\.cold)), unchanged \(growth(\.noChange)), "
                         + "governance report \(growth(\.governance)), outreach \(growth(\.outreach)) "
                         + "(1× when the cost grows with the number of repositories alone).")
        }
        lines.append("")
        return lines
    }
}
