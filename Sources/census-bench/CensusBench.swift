import Foundation

/// `census-bench`: measures census crawls of a generated fleet against a `git grep` baseline.
/// See `BenchOptions.usage` and docs/performance.md.
@main
struct CensusBench {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count > 3, arguments[1] == ChildProcess.measuringFlag {
            ChildProcess.measure(report: arguments[2], arguments: Array(arguments.dropFirst(3)))
        }
        do {
            let options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
            try Benchmark(options: options).run()
        } catch let error as BenchError {
            FileHandle.standardError.write(Data("census-bench: \(error)\n".utf8))
            exit(2)
        } catch {
            FileHandle.standardError.write(Data("census-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
