import Foundation

/// A floor under any cold extraction of the fleet: git itself reading every distinct tree object
/// reachable from the tracked branches once (`git cat-file --batch`), as many mirrors at once as
/// there are cores. Any tool must read each of these trees to learn which files the branches hold;
/// parsing, resolving and storing come on top. The results give the extraction's time as a multiple
/// of this floor.
struct TreeReadFloor {
    /// The tree ids of one mirror, listed (untimed) into `idsPath`.
    struct Mirror {
        var path: String
        var idsPath: String
        var trees: Int
    }

    let mirrors: [Mirror]

    var trees: Int { mirrors.reduce(0) { $0 + $1.trees } }

    /// Lists the trees reachable from every branch of each mirror into files under `folder`.
    static func prepare(mirrors paths: [String], folder: String) throws -> TreeReadFloor {
        var mirrors: [Mirror] = []
        for (index, path) in paths.enumerated() {
            let objects = folder + "/objects-\(index).txt"
            let typed = folder + "/typed-\(index).txt"
            try ChildProcess.run(["git", "-C", path, "rev-list", "--objects", "--no-object-names",
                                  "--filter=object:type=tree", "--branches"], stdoutPath: objects)
                .check("git rev-list in \(path)")
            try ChildProcess.run(["git", "-C", path, "cat-file", "--batch-check=%(objectname) %(objecttype)"],
                                 stdinPath: objects, stdoutPath: typed)
                .check("git cat-file --batch-check in \(path)")
            let trees = try String(contentsOfFile: typed, encoding: .utf8).split(separator: "\n")
                .compactMap { line -> Substring? in
                    let fields = line.split(separator: " ")
                    return fields.count == 2 && fields[1] == "tree" ? fields[0] : nil
                }
            let idsPath = folder + "/trees-\(index).txt"
            try (trees.joined(separator: "\n") + "\n").write(toFile: idsPath, atomically: true, encoding: .utf8)
            mirrors.append(Mirror(path: path, idsPath: idsPath, trees: trees.count))
        }
        return TreeReadFloor(mirrors: mirrors)
    }

    /// Reads every listed tree, `parallel` mirrors at a time; returns the wall time in seconds.
    func run(parallel: Int) throws -> Double {
        try ChildProcess.runAll(mirrors.map { mirror in
            ChildProcess.Command(arguments: ["git", "-C", mirror.path, "cat-file", "--batch"],
                                 stdinPath: mirror.idsPath, what: "git cat-file --batch in \(mirror.path)")
        }, parallel: parallel)
    }
}
