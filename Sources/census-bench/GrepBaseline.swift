import Foundation

/// The baseline: `git grep` over every tracked branch of each mirror, the way one would find image
/// references without the census.
struct GrepBaseline {
    static let pattern = "(^|[[:space:]])(FROM|image:|container:)"
    static let pathspecs = ["*Dockerfile*", "*.yml", "*.yaml"]

    /// One mirror to search.
    struct Target {
        var name: String
        var mirror: String
        var branches: [String]
        var output: String
    }

    /// Runs the searches, `parallel` at a time; returns the wall time in seconds.
    static func run(_ targets: [Target], parallel: Int) throws -> Double {
        let started = Date()
        var pending = targets[...]
        var running: [pid_t: Target] = [:]
        while !pending.isEmpty || !running.isEmpty {
            while running.count < max(1, parallel), let target = pending.popFirst() {
                let arguments = ["git", "-C", target.mirror, "grep", "-n", "-E", pattern] + target.branches
                    + ["--"] + pathspecs
                running[try ChildProcess.spawn(arguments, stdoutPath: target.output, stderrPath: nil,
                                               environment: nil)] = target
            }
            var status: Int32 = 0
            let pid = Glibc.wait(&status)
            guard pid > 0, let target = running.removeValue(forKey: pid) else {
                if pid < 0 && errno != EINTR { throw BenchError.cannotStart(command: "git grep", code: errno) }
                continue
            }
            let exit = (status >> 8) & 0xff
            // 1 means "no match", which is a valid answer.
            if (status & 0x7f) != 0 || exit > 1 {
                throw BenchError.childFailed(what: "git grep in \(target.mirror)", status: exit)
            }
        }
        return Date().timeIntervalSince(started)
    }
}
