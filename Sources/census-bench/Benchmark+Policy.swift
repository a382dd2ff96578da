import Foundation
import Inventory

/// What the policy rows measured.
struct PolicyResults {
    /// The first crawl with the policy: walks the catalog's manifest history and judges every reference.
    var firstCrawl = 0.0
    /// Its summary line (`run N: … findings, … distinct …`).
    var findingsLine = ""
    /// Re-crawls with nothing changed, in pairs: without the policy, then with it.
    var withoutPolicy: [Double] = []
    var withPolicy: [Double] = []
    /// How many of the re-crawls with the policy reused the previous evaluation.
    var reused = 0
    /// Database growth over unchanged re-crawls with the policy: re-crawls, used bytes before and after,
    /// stored finding rows (`finding_span`) before and after, and the rows the `finding` view reads after.
    var growthRuns = 0
    var bytesBefore: Int64 = 0
    /// Growth over as many unchanged re-crawls without the policy, measured just before.
    var bytesWithoutPolicy: Int64 = 0
    var bytesAfter: Int64 = 0
    var spansBefore = 0
    var spansAfter = 0
    var findingRowsAfter = 0
}

extension Benchmark {
    /// The policy rows: the unchanged fleet re-crawled with and without the bench policy, alternately, then
    /// the database's growth over `growthRuns` more re-crawls with it (and over as many without it).
    func measurePolicy(into results: inout BenchResults) throws {
        let policy = try BenchPolicy(folder: work + "/policy").prepare()
        var measured = PolicyResults()
        let first = try crawl(jobs: options.jobs, policy: policy)
        measured.firstCrawl = first.seconds
        measured.findingsLine = crawlOutput().first { $0.contains(" findings, ") || $0.contains(" finding, ") } ?? ""
        log(String(format: "first crawl with the policy: %.3f s (%@)", first.seconds, measured.findingsLine))
        for run in 1...options.quickRuns {
            let without = try crawl(jobs: options.jobs)
            let with = try crawl(jobs: options.jobs, policy: policy)
            measured.withoutPolicy.append(without.seconds)
            measured.withPolicy.append(with.seconds)
            let decision = crawlOutput().first { $0.contains(": findings ") } ?? ""
            if decision.contains(": findings reused from run ") { measured.reused += 1 }
            results.peakResidentBytes = max(results.peakResidentBytes, with.maxResidentBytes)
            log(String(format: "no-change re-crawl %d/%d without / with the policy: %.3f s / %.3f s (%@)", run,
                       options.quickRuns, without.seconds, with.seconds, decision))
        }
        if options.growthRuns > 0 {
            measured.growthRuns = options.growthRuns
            // The same number of re-crawls without the policy first: what any run adds (its run, branch and
            // repository scan rows), for comparison.
            let unjudged = try databaseSize().bytes
            for _ in 1...options.growthRuns { _ = try crawl(jobs: options.jobs) }
            (measured.bytesBefore, measured.spansBefore, _) = try databaseSize()
            measured.bytesWithoutPolicy = measured.bytesBefore - unjudged
            for run in 1...options.growthRuns {
                _ = try crawl(jobs: options.jobs, policy: policy)
                log("unchanged re-crawl with the policy \(run)/\(options.growthRuns): "
                    + (crawlOutput().first { $0.contains(": findings ") } ?? ""))
            }
            (measured.bytesAfter, measured.spansAfter, measured.findingRowsAfter) = try databaseSize()
            log("database growth over \(options.growthRuns) unchanged re-crawls with the policy: "
                + "\(measured.bytesAfter - measured.bytesBefore) bytes")
        }
        results.policy = measured
    }

    /// The lines `census crawl` last wrote to standard output.
    private func crawlOutput() -> [String] {
        ((try? String(contentsOfFile: work + "/crawl.out", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The database's used bytes once whole, its stored finding spans and the rows of the `finding` view.
    private func databaseSize() throws -> (bytes: Int64, spans: Int, findings: Int) {
        try AppDatabase.leaveWhole(path: databasePath)
        let database = try AppDatabase.openForReading(path: databasePath)
        func count(_ sql: String) throws -> Int {
            if case .integer(let value)? = try database.readOnlyQuery(sql: sql).rows.first?.first { return Int(value) }
            return 0
        }
        return (try database.usedBytes(), try count("SELECT count(*) FROM finding_span"),
                try count("SELECT count(*) FROM finding"))
    }
}
