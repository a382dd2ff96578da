import Foundation
import Inventory

/// Everything one session measured, and its Markdown report.
struct BenchResults {
    enum Transport { case http, local }

    let options: BenchOptions
    let transport: Transport
    var generationSeconds: Double?
    var candidatesPerTree = 0
    var cold: [Double] = []
    var noChange: [Double] = []
    var oneCommit: [Double] = []
    var extraction: [Double] = []
    var grep: [Double] = []
    var grepParallel = 1
    var treeFloor: [Double] = []
    var floorTrees = 0
    var peakResidentBytes = 0
    var scaling: [(jobs: Int, seconds: [Double])] = []
    var fetchScaling: [(jobs: Int, seconds: [Double])] = []
    var check = ExtractionCheck.Outcome()
    var commitScans = 0
    var references = 0
    var cachedBlobs = 0
    var cachedTrees = 0
    /// Whether the fleet's rows were measured (not with `--large-only`).
    var fleetMeasured = false
    /// The memory rows of the large repository, when measured.
    var large: LargeRepositoryResults?
    /// The fleet-size rows, when measured.
    var many: ManyRepositoriesResults?
    var shardSizes: [Int] = []
    var shardsMoved = 0
    var shardSlowest: [Double] = []
    var shardSum: [Double] = []
    var merge: [Double] = []
    var mergePeakBytes = 0
    var shardsAgree = false
    /// The policy rows, when measured.
    var policy: PolicyResults?

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Counts what a cold crawl stored.
    mutating func recordInventory(_ database: AppDatabase) throws {
        func count(_ sql: String) throws -> Int {
            if case .integer(let value)? = try database.readOnlyQuery(sql: sql).rows.first?.first { return Int(value) }
            return 0
        }
        commitScans = try count("SELECT count(*) FROM commit_scan")
        references = try count("SELECT count(*) FROM reference")
        cachedBlobs = try count("SELECT count(*) FROM blob_facts")
        cachedTrees = try count("SELECT count(*) FROM tree_candidates")
    }

    static func seconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.3f s", value) : String(format: "%.1f s", value)
    }

    /// A table row of a measurement: its runs, median and range, the target and the verdict.
    static func row(_ name: String, _ values: [Double], target: String = "", verdict: String = "") -> String {
        guard let low = values.min(), let high = values.max() else { return "| \(name) | 0 | – | – | \(target) | \(verdict) |" }
        return "| \(name) | \(values.count) | **\(seconds(Self.median(values)))** | \(seconds(low)) – \(seconds(high)) "
            + "| \(target) | \(verdict) |"
    }

    static func met(_ condition: Bool) -> String { condition ? "met" : "**not met**" }

    /// The extraction's row, judged against the target of 1.5× git grep's speed.
    static func extractionRow(_ name: String, _ extraction: [Double], grep: [Double]) -> String {
        let speedup = median(grep) / median(extraction)
        return row(name, extraction, target: String(format: "≥ 1.5× faster than git grep: %.2f×", speedup),
                   verdict: Self.met(speedup >= 1.5))
    }

    /// The git grep baseline's row, run on each of `what` (mirrors, repositories), `parallel` at a time.
    static func grepRow(_ grep: [Double], on what: String, parallel: Int) -> String {
        row("baseline: `git grep -n -E '\(GrepBaseline.pattern)' <every tracked branch> -- "
            + GrepBaseline.pathspecs.map { "'\($0)'" }.joined(separator: " ") + "` on each \(what), \(parallel) at a time", grep)
    }

    private func scalingRow(_ name: String, _ runs: [(jobs: Int, seconds: [Double])]) -> String {
        guard !runs.isEmpty else { return "| \(name) | 0 | – | | falling | |" }
        let medians = runs.map { Self.median($0.seconds) }
        let falling = zip(medians, medians.dropFirst()).allSatisfy { $0.1 < $0.0 }
        let text = zip(runs, medians).map { String(format: "--jobs %d: %.1f s", $0.0.jobs, $0.1) }.joined(separator: ", ")
        return "| \(name) | \(runs.first?.seconds.count ?? 0) each | \(text) | | falling | \(Self.met(falling)) |"
    }

    func markdown(machine: String) -> String {
        var lines: [String] = []
        if fleetMeasured {
            lines += fleetMarkdown(machine: machine)
        } else {
            lines += ["## Results", "", "- Machine: \(machine)", ""]
        }
        if let large { lines += large.markdown() }
        if let many { lines += many.markdown() }
        return lines.joined(separator: "\n")
    }

    private func fleetMarkdown(machine: String) -> [String] {
        let coldMedian = Self.median(cold)
        let noChangeShare = Self.median(noChange) / coldMedian * 100
        let oneCommitShare = Self.median(oneCommit) / coldMedian * 100
        let peakMB = Double(peakResidentBytes) / 1_048_576
        let transportText = transport == .http
            ? "smart HTTP on loopback (lighttpd + git-http-backend, scripts/servers/git-http.sh)"
            : "local paths (no HTTP server was running)"
        var lines: [String] = []
        lines.append("## Results")
        lines.append("")
        lines.append("- Machine: \(machine)")
        lines.append("- Fleet: \(options.repositories) repositories × \(options.branches) branches (main + release/N.0), "
                     + "\(options.files) files per tree of which \(candidatesPerTree) are candidates in the first "
                     + "repository's `main` (Dockerfiles, YAML, MSBuild project files, shell scripts); "
                     + "release branches change about 1% of the files.")
        lines.append("- Transport: \(transportText); `census crawl --jobs \(options.jobs)` run as a child process.")
        if let generationSeconds {
            lines.append(String(format: "- Fleet generated in %.0f s (not part of any measurement).", generationSeconds))
        }
        lines.append("- A cold crawl stored \(commitScans) commit scans, \(references) references, facts of "
                     + "\(cachedBlobs) (blob, scope) pairs and candidate lists of \(cachedTrees) trees.")
        lines.append("")
        lines.append("| measurement | runs | median | range | target | |")
        lines.append("|---|---|---|---|---|---|")
        lines.append(Self.row("cold crawl: list, fetch and scan everything (empty database, no mirrors)", cold))
        lines.append(Self.row("re-crawl, nothing changed", noChange,
                         target: String(format: "≤ 5%% of cold: %.1f%%", noChangeShare), verdict: Self.met(noChangeShare <= 5)))
        if let policy { lines += policyRows(policy) }
        lines.append(Self.row("re-crawl after one commit on one branch of each of 5 repositories", oneCommit,
                         target: String(format: "≤ 10%% of cold: %.1f%%", oneCommitShare),
                         verdict: Self.met(oneCommitShare <= 10)))
        lines.append(Self.extractionRow("extraction: crawl of every tracked branch from current mirrors into an empty database",
                                        extraction, grep: grep))
        lines.append(Self.grepRow(grep, on: "mirror", parallel: grepParallel))
        lines.append(Self.row("floor: git reading each of the \(floorTrees) distinct trees of the tracked branches once "
                         + "(`git cat-file --batch`), \(grepParallel) mirrors at a time", treeFloor,
                         target: String(format: "extraction is %.0f× the floor", Self.median(extraction) / Self.median(treeFloor))))
        lines.append(String(format: "| peak resident memory of a crawl (max over all crawls) | | **%.0f MB** | | ≤ 300 MB | %@ |",
                            peakMB, Self.met(peakMB <= 300)))
        lines.append(scalingRow("cold crawl wall time by --jobs", scaling))
        lines.append(scalingRow("fetch-bound crawl (mirrors removed, inventory kept) by --jobs", fetchScaling))
        if !shardSizes.isEmpty {
            let count = shardSizes.count
            let share = Self.median(shardSlowest) / Self.median(cold) * 100
            lines.append(Self.row("\(count) shards crawled cold one after another, each into its own database and mirrors "
                             + "(repositories per shard: \(shardSizes.map(String.init).joined(separator: ", "))): "
                             + "the slowest shard", shardSlowest,
                             target: String(format: "%.0f%% of one cold crawl (1/%d = %.0f%%)", share, count,
                                            100 / Double(count))))
            lines.append(Self.row("the \(count) shard crawls added up", shardSum))
            lines.append(Self.row(String(format: "`census merge` of the %d shard inventories into an empty central inventory "
                                    + "(peak %.0f MB)", count, Double(mergePeakBytes) / 1_048_576), merge,
                             target: "current references and branches as one crawl's",
                             verdict: shardsAgree ? "same" : "**differ**"))
            lines.append("| going from \(count) to \(count + 1) shards: repositories moved (all to the new shard) | | "
                         + "**\(shardsMoved) of \(options.repositories)** | | about 1/\(count + 1) | |")
        }
        lines.append("")
        lines.append(String(format: "Steady state: a re-crawl with nothing changed gives the complete, current inventory of "
                            + "every tracked branch %.1f× faster than the git grep baseline re-reads it; after one commit "
                            + "on one branch of five repositories, %.1f× faster.",
                            Self.median(grep) / Self.median(noChange), Self.median(grep) / Self.median(oneCommit)))
        lines.append("")
        lines.append("Extraction check against git grep: \(check.grepLines) matching lines; \(check.required) name an image, "
                     + "of which **\(check.found)** have a stored reference at the same repository, branch, path and line. "
                     + "Lines naming no image: \(check.comments) comments, \(check.keywordWithoutValue) keywords opening a "
                     + "mapping, \(check.aliasDefinitions) container-resource aliases (their `image:` line is the reference), "
                     + "\(check.stagesAndScratch) `FROM` of a build stage or `scratch`, \(check.otherInstructions) inside "
                     + "other instructions. The database holds \(check.storedReferences) current references in all "
                     + "(git grep's pattern misses ARG defaults, `COPY --from`, services lists and more).")
        if check.passed {
            lines.append("")
            lines.append("**Check passed**: every image-naming line git grep finds is a stored reference.")
        } else {
            lines.append("")
            lines.append("**Check failed**: \(check.required - check.found) image-naming lines have no stored reference"
                         + (check.required == 0 ? " (git grep found none)" : "") + ". First of them:")
            lines.append("")
            lines.append("```")
            lines += check.missing.prefix(15)
            lines.append("```")
        }
        lines.append("")
        return lines
    }

    private func policyRows(_ policy: PolicyResults) -> [String] {
        var lines: [String] = []
        let ratio = Self.median(policy.withPolicy) / Self.median(policy.withoutPolicy)
        lines.append(Self.row("first crawl with the bench policy after the no-change re-crawls (walks the local manifest "
                         + "catalog, judges every reference: \(policy.findingsLine))", [policy.firstCrawl]))
        lines.append(Self.row("re-crawl, nothing changed, without a policy (alternating with the next row)", policy.withoutPolicy))
        lines.append(Self.row("re-crawl, nothing changed, with the bench policy (evaluation reused in \(policy.reused) of "
                         + "\(policy.withPolicy.count))", policy.withPolicy,
                         target: String(format: "≤ 2× without: %.2f×", ratio), verdict: Self.met(ratio <= 2)))
        if policy.growthRuns > 0 {
            let perRun = Double(policy.bytesAfter - policy.bytesBefore) / Double(policy.growthRuns)
            let without = Double(policy.bytesWithoutPolicy) / Double(policy.growthRuns)
            lines.append("| database growth over \(policy.growthRuns) unchanged re-crawls with the policy (used pages "
                         + "after a checkpoint: \(policy.bytesBefore) → \(policy.bytesAfter) B; stored finding rows "
                         + "\(policy.spansBefore) → \(policy.spansAfter), \(policy.findingRowsAfter) in the `finding` view; "
                         + "as many re-crawls without the policy just before: \(String(format: "%.0f", without)) B per run) "
                         + "| \(policy.growthRuns) | **\(String(format: "%.0f", perRun)) B per run** | | no finding rows "
                         + "stored per run | \(Self.met(policy.spansAfter == policy.spansBefore)) |")
        }
        return lines
    }
}
