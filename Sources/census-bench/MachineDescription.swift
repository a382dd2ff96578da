import Foundation
import Git

/// A one-line description of the machine and tool versions the benchmark ran on.
enum MachineDescription {
    static func current() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
            ?? "unknown CPU"
        let memory = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("MemTotal") }
            .flatMap { line in line.split(separator: " ").dropFirst().first.flatMap { Double($0) } }
            .map { String(format: "%.0f GiB", $0 / 1_048_576) } ?? "unknown memory"
        var names = utsname()
        uname(&names)
        let kernel = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return "\(cpu), \(cores) cores, \(memory), Linux \(kernel), libgit2 \(GitLibrary.version), "
            + "\(gitVersion()), SQLite via GRDB"
    }

    private static func gitVersion() -> String {
        let path = NSTemporaryDirectory() + "/census-bench-git-version.txt"
        guard (try? ChildProcess.run(["git", "--version"], stdoutPath: path))?.status == 0,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "git unknown" }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
