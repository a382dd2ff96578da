import Foundation
import Git

extension GitFixture {
    /// One entry of a tree written as raw bytes: any name, even one git would refuse.
    public struct RawEntry {
        /// The octal file mode as git writes it ("100644", "40000", "160000", …).
        public var mode: String
        /// The entry's name, written as is.
        public var name: String
        /// The object the entry points to.
        public var id: ObjectID

        /// Creates an entry.
        public init(mode: String, name: String, id: ObjectID) {
            self.mode = mode
            self.name = name
            self.id = id
        }
    }

    /// Writes a tree object holding exactly `entries`, with no check of their names (what a crafted
    /// repository can hold: `..`, `.`, names with `/`), using `git hash-object --literally`.
    public func writeRawTree(_ entries: [RawEntry]) throws -> ObjectID {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += Array("\(entry.mode) \(entry.name)".utf8) + [0]
            var hex = Substring(entry.id.hex)
            while !hex.isEmpty {
                bytes.append(UInt8(hex.prefix(2), radix: 16) ?? 0)
                hex = hex.dropFirst(2)
            }
        }
        let output = try git(["hash-object", "-t", "tree", "--literally", "-w", "--stdin"], input: bytes)
        guard let id = ObjectID(hex: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw GitFixtureError.git(arguments: "hash-object", message: output)
        }
        return id
    }

    /// Commits `tree` as it is on `branch`, on top of the branch's tip.
    @discardableResult
    public func commit(tree: ObjectID, on branch: String = "main") throws -> ObjectID {
        var arguments = ["commit-tree", tree.hex, "-m", "Crafted tree on \(branch)"]
        if let tip = try repository.reference("refs/heads/" + branch) { arguments += ["-p", tip.hex] }
        let output = try git(arguments, environment: [
            "GIT_AUTHOR_NAME": "Census Fixture", "GIT_AUTHOR_EMAIL": "fixture@census.invalid",
            "GIT_COMMITTER_NAME": "Census Fixture", "GIT_COMMITTER_EMAIL": "fixture@census.invalid",
        ])
        guard let id = ObjectID(hex: output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw GitFixtureError.git(arguments: "commit-tree", message: output)
        }
        try repository.setReference("refs/heads/" + branch, to: id)
        return id
    }

    /// Runs `git` on the fixture's repository and returns its standard output.
    func git(_ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir", path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitFixtureError.git(arguments: arguments.joined(separator: " "),
                                      message: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// A git command a fixture ran failed.
public enum GitFixtureError: Error {
    /// `git <arguments>` exited with an error.
    case git(arguments: String, message: String)
}
