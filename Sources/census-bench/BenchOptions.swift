import Foundation

/// Command-line options of `census-bench`.
struct BenchOptions {
    var repositories = 40
    var branches = 30
    var files = 3_000
    /// Repeats of the expensive measurements (cold crawl, one-commit re-crawl, extraction, git grep).
    var runs = 3
    /// Repeats of the no-change re-crawl.
    var quickRuns = 5
    var scalingJobs = [1, 2, 4]
    var scalingRuns = 1
    /// Shards the fleet is crawled as, then merged (0: no shard measurement).
    var shards = 3
    /// Whether to measure re-crawls with a policy (`--policy none` leaves those rows out).
    var policy = true
    /// Unchanged re-crawls with a policy whose database growth is measured (0: no growth row).
    var growthRuns = 10
    var jobs = 8
    var work = ".bench"
    var census: String?
    var output: String?
    /// Commits of the large repository of the memory rows; 0 leaves those rows out.
    var largeCommits = 20_000
    /// Only the memory rows of the large repository, not the fleet's.
    var largeOnly = false
    /// Small repositories of the fleet-size rows; 0 leaves those rows out.
    var many = 2_000
    /// Only the fleet-size rows.
    var manyOnly = false
    /// A repos.txt of repositories on this machine whose extraction is measured instead of a generated fleet's.
    var fleetFile: String?

    static let usage = """
        usage: census-bench [--repos N] [--branches N] [--files N] [--runs N] [--quick-runs N]
                            [--scaling-jobs 1,2,4 | --scaling-jobs none] [--scaling-runs N] [--jobs N]
                            [--shards N | --shards none] [--policy none] [--growth-runs N | --growth-runs none]
                            [--work DIR] [--census PATH] [--output FILE]
                            [--large-commits N | --large-commits 0] [--large-only]
                            [--many N | --many 0] [--many-only]
               census-bench --fleet REPOS.TXT [--runs N] [--jobs N] [--work DIR] [--census PATH] [--output FILE]

        Generates a fleet (default 40 repositories x 30 branches x 3,000 files) and measures census crawls
        against a git grep baseline. Serves the fleet over HTTP when CENSUS_TEST_GIT_HTTP and
        CENSUS_TEST_GIT_HTTP_ROOT are set (scripts/bench.sh starts scripts/servers/git-http.sh), else
        crawls local paths. The memory rows crawl one large repository (default 20,000 commits, about
        450,000 objects, a pack of about 350 MB) over HTTP and as a local path, each reporting the peak
        resident memory of the census process; --large-only runs just those. The fleet-size rows crawl
        --many (default 2,000) small repositories, a quarter of them and all of them, cold and unchanged,
        with the time per repository and the peak memory of each; --many-only runs just those. The policy
        rows re-crawl the unchanged fleet with a generated policy and a local manifest catalog, --quick-runs
        times, against the same re-crawl without it (--policy none leaves them out), and measure the
        database's growth over --growth-runs (default 10) such re-crawls.
        With --fleet, nothing is generated: the repositories REPOS.TXT lists (local paths, read in place) are
        crawled cold --runs times into an empty database, and git grep searches the branches the crawl
        tracked, the same way as for the generated fleet: the extraction on real repositories against git grep.
        Results: Markdown on standard output and in FILE (default WORK/results.md).
        """

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let value = rest.popFirst() else { throw BenchError.usage("\(flag) needs a value\n\(usage)") }
            return value
        }
        func number(_ flag: String, minimum: Int = 1) throws -> Int {
            let text = try value(flag)
            guard let number = Int(text), number >= minimum else {
                throw BenchError.usage("\(flag) needs a whole number of at least \(minimum), not '\(text)'")
            }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--repos": options.repositories = try number(flag)
            case "--branches": options.branches = try number(flag)
            case "--files": options.files = try number(flag, minimum: 100)
            case "--runs": options.runs = try number(flag)
            case "--quick-runs": options.quickRuns = try number(flag)
            case "--scaling-runs": options.scalingRuns = try number(flag)
            case "--jobs": options.jobs = try number(flag)
            case "--shards":
                let text = try value(flag)
                guard text == "none" || (Int(text) ?? 0) >= 2 else {
                    throw BenchError.usage("--shards needs a whole number of at least 2, or none, not '\(text)'")
                }
                options.shards = Int(text) ?? 0
            case "--policy":
                let text = try value(flag)
                guard text == "none" else { throw BenchError.usage("--policy takes only none, not '\(text)'") }
                options.policy = false
            case "--growth-runs":
                let text = try value(flag)
                guard text == "none" || (Int(text) ?? 0) >= 1 else {
                    throw BenchError.usage("--growth-runs needs a whole number of at least 1, or none, not '\(text)'")
                }
                options.growthRuns = Int(text) ?? 0
            case "--work": options.work = try value(flag)
            case "--census": options.census = try value(flag)
            case "--output": options.output = try value(flag)
            case "--large-commits": options.largeCommits = try number(flag, minimum: 0)
            case "--large-only": options.largeOnly = true
            case "--many": options.many = try number(flag, minimum: 0)
            case "--many-only": options.manyOnly = true
            case "--fleet": options.fleetFile = try value(flag)
            case "--scaling-jobs":
                let text = try value(flag)
                options.scalingJobs = text == "none" ? [] : try text.split(separator: ",").map {
                    guard let jobs = Int($0), jobs >= 1 else { throw BenchError.usage("bad --scaling-jobs '\(text)'") }
                    return jobs
                }
            case "--help", "-h": throw BenchError.usage(usage)
            default: throw BenchError.usage("unknown option '\(flag)'\n\(usage)")
            }
        }
        return options
    }
}
