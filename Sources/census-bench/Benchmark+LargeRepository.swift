import Foundation

/// What the memory rows measured on the large repository.
struct LargeRepositoryResults {
    var commits = 0
    var objects = 0
    var packBytes = 0
    var generationSeconds: Double?
    /// Cold crawls (empty database, no mirror) over loopback HTTP; empty without a server.
    var overHTTP: [ChildProcess.Result] = []
    /// `git clone --mirror` of the same URL, for comparison.
    var gitClone: [ChildProcess.Result] = []
    /// Cold crawls (empty database) of the repository as a local path, read in place.
    var inPlace: [ChildProcess.Result] = []
    /// Whether a crawl of the local path left anything in the mirror cache.
    var inPlaceMirrorCreated = false
}

extension Benchmark {
    /// Generates (or reuses) the large repository and crawls it cold over HTTP (when a server runs) and
    /// as a local path, each `census crawl` a child process whose peak resident memory is recorded.
    func measureLargeRepository() throws -> LargeRepositoryResults {
        let large = LargeRepository(commits: options.largeCommits, root: (httpRoot ?? work) + "/bench-large")
        var results = LargeRepositoryResults(commits: options.largeCommits)
        log("large repository: \(options.largeCommits) commits in \(large.path)")
        let started = Date()
        if try large.prepare(log: log) { results.generationSeconds = Date().timeIntervalSince(started) }
        (results.packBytes, results.objects) = try large.measure()
        log(String(format: "large repository: %d objects, packs %.0f MB", results.objects,
                   Double(results.packBytes) / 1_048_576))

        func reportCrawl(_ what: String, _ result: ChildProcess.Result) {
            log(String(format: "%@: %.1f s, peak RSS %.0f MB", what, result.seconds,
                       Double(result.maxResidentBytes) / 1_048_576))
        }
        if let httpServer {
            let url = httpServer + "/bench-large/large.git"
            let list = work + "/large-http.txt"
            try "\(url)  name=bench/large\n".write(toFile: list, atomically: true, encoding: .utf8)
            for run in 1...options.runs {
                removeDatabase()
                removeMirrors()
                let result = try crawl(jobs: options.jobs, repos: list)
                results.overHTTP.append(result)
                reportCrawl("large repository over HTTP, cold crawl \(run)/\(options.runs)", result)
            }
            let clone = work + "/large-clone.git"
            for run in 1...options.runs {
                try? FileManager.default.removeItem(atPath: clone)
                let result = try ChildProcess.runMeasured(["git", "clone", "-q", "--mirror", url, clone])
                try result.check("git clone --mirror")
                results.gitClone.append(result)
                reportCrawl("large repository over HTTP, git clone --mirror \(run)/\(options.runs)", result)
            }
            try? FileManager.default.removeItem(atPath: clone)
        }
        let list = work + "/large-local.txt"
        try "\(large.path)  name=bench/large\n".write(toFile: list, atomically: true, encoding: .utf8)
        for run in 1...options.runs {
            removeDatabase()
            removeMirrors()
            let result = try crawl(jobs: options.jobs, repos: list)
            results.inPlace.append(result)
            reportCrawl("large repository as a local path, cold crawl \(run)/\(options.runs)", result)
            let cache = (try? FileManager.default.contentsOfDirectory(atPath: mirrorsPath)) ?? []
            if !cache.isEmpty { results.inPlaceMirrorCreated = true }
        }
        return results
    }
}

extension LargeRepositoryResults {
    /// The Markdown section of the memory rows.
    func markdown() -> [String] {
        func megabytes(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1_048_576) }
        func row(_ name: String, _ runs: [ChildProcess.Result], target: Bool, split: Bool = true) -> String {
            guard !runs.isEmpty else { return "| \(name) | 0 | – | – | – | | |" }
            let peak = runs.map(\.maxResidentBytes).max() ?? 0
            let time = BenchResults.median(runs.map(\.seconds))
            let verdict = target ? (peak <= 300 << 20 ? "met" : "**not met**") : ""
            let composition = split ? runs.max { $0.maxResidentBytes < $1.maxResidentBytes }?.peakSplit?.summary ?? "–" : "–"
            return String(format: "| %@ | %d | %.1f s | **%@** | %@ | %@ | %@ |", name, runs.count, time, megabytes(peak),
                          composition, target ? "≤ 300 MB" : "", verdict)
        }
        var lines: [String] = []
        lines.append("### Memory with a large repository")
        lines.append("")
        lines.append("One repository on `main`: \(commits) commits each editing 10 of 4,000 text files, 3 binary files "
                     + "of 40 MB, \(objects) objects in packs of \(megabytes(packBytes))"
                     + (generationSeconds.map { String(format: " (generated in %.0f s)", $0) } ?? "") + ".")
        lines.append("")
        lines.append("| measurement | runs | median time | peak resident memory (max) | at the largest sample | target | |")
        lines.append("|---|---|---|---|---|---|---|")
        lines.append(row("census crawl over loopback HTTP: cold (empty database, no mirror)", overHTTP, target: true))
        // git's peak is its index-pack child's; sampling `git` itself would show the wrong process.
        lines.append(row("`git clone --mirror` of the same URL (git and its index-pack)", gitClone, target: false,
                         split: false))
        lines.append(row("census crawl of the repository as a local path, read in place: cold (empty database)",
                         inPlace, target: true))
        lines.append("")
        lines.append("The split is read from `/proc/<pid>/status` every 50 ms: anonymous memory is what the "
                     + "process allocated (heap, stacks), file-backed memory is resident pages of mapped files "
                     + "(executable, libraries, pack files).")
        lines.append("")
        lines.append(inPlaceMirrorCreated ? "**A crawl of the local path left files in the mirror cache.**"
                     : "No crawl of the local path wrote anything into the mirror cache.")
        lines.append("")
        return lines
    }
}
