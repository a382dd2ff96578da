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
        try ChildProcess.runAll(targets.map { target in
            // 1 means "no match", which is a valid answer.
            ChildProcess.Command(arguments: ["git", "-C", target.mirror, "grep", "-n", "-E", pattern] + target.branches
                                    + ["--"] + pathspecs,
                                 stdoutPath: target.output, allowed: [0, 1], what: "git grep in \(target.mirror)")
        }, parallel: parallel)
    }
}
