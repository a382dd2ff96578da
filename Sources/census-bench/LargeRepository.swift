import Foundation

/// One repository of realistic size, for the memory rows: a deep history of small text edits (hundreds
/// of thousands of objects) with a few large binary files, in a pack of several hundred MB.
///
/// Written with `git fast-import` (one pack, no repack: a delta search over the whole history would take
/// longer than the generation) and kept between runs while its shape is unchanged. The served copy has
/// `pack.window=0`, so the loopback server sends the stored objects without a delta search that real
/// servers avoid with reachability bitmaps and delta islands; the transfer is then as large as the pack.
struct LargeRepository {
    /// Commits on `main`; each edits `filesPerCommit` text files.
    var commits: Int
    var root: String
    static let folders = 80
    static let filesPerFolder = 50
    static let filesPerCommit = 10
    /// Bytes of one text file (random letters and digits in 64-character lines).
    static let textBytes = 1_536
    /// Large binary files (random bytes, so incompressible), each added once and never changed.
    static let binaries = 3
    static let binaryBytes = 40 << 20
    /// Candidate files in every tree, so a scan has references to find.
    static let dockerfiles = 12

    var path: String { root + "/large.git" }
    private var marker: String { root + "/.large-shape" }
    private var shape: String {
        "commits=\(commits) folders=\(Self.folders)x\(Self.filesPerFolder) edits=\(Self.filesPerCommit) "
            + "text=\(Self.textBytes) binaries=\(Self.binaries)x\(Self.binaryBytes) dockerfiles=\(Self.dockerfiles)\n"
    }

    /// Generates the repository unless one of the same shape is there; returns whether it generated.
    @discardableResult
    func prepare(log: (String) -> Void) throws -> Bool {
        if (try? String(contentsOfFile: marker, encoding: .utf8)) == shape, FileManager.default.fileExists(atPath: path) {
            return false
        }
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try ChildProcess.run(["git", "init", "-q", "--bare", "-b", "main", path]).check("git init")
        try? FileManager.default.removeItem(atPath: path + "/hooks")
        try ChildProcess.run(["git", "-C", path, "config", "pack.window", "0"]).check("git config")
        try ChildProcess.run(["git", "-C", path, "config", "uploadpack.allowFilter", "true"]).check("git config")

        let stream = root + "/.large-fast-import"
        _ = FileManager.default.createFile(atPath: stream, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: stream) else { throw BenchError.cannotStart(command: stream, code: errno) }
        defer { try? FileManager.default.removeItem(atPath: stream) }
        var random = SplitMix("large", commits)
        let started = Date()
        var initial: [(String, [UInt8])] = []
        for folder in 0..<Self.folders {
            for file in 0..<Self.filesPerFolder { initial.append((Self.textPath(folder, file), Self.text(&random))) }
        }
        for index in 0..<Self.dockerfiles { initial.append((Self.dockerfilePath(index), Self.dockerfile(index, version: 0))) }
        handle.write(Self.commit(number: 0, files: initial))
        let binaryEvery = max(1, commits / (Self.binaries + 1))
        for number in 1..<max(1, commits) {
            var files: [(String, [UInt8])] = []
            for _ in 0..<Self.filesPerCommit {
                let folder = Int(random.next() % UInt64(Self.folders)), file = Int(random.next() % UInt64(Self.filesPerFolder))
                files.append((Self.textPath(folder, file), Self.text(&random)))
            }
            if number % 97 == 0 {
                let index = number / 97 % Self.dockerfiles
                files.append((Self.dockerfilePath(index), Self.dockerfile(index, version: number / 97)))
            }
            if number % binaryEvery == 0, number / binaryEvery <= Self.binaries {
                var bytes = [UInt8](repeating: 0, count: Self.binaryBytes)
                bytes.withUnsafeMutableBytes { buffer in
                    for offset in stride(from: 0, to: buffer.count - 7, by: 8) {
                        buffer.storeBytes(of: random.next(), toByteOffset: offset, as: UInt64.self)
                    }
                }
                files.append(("assets/model-\(number / binaryEvery).bin", bytes))
            }
            handle.write(Self.commit(number: number, files: files))
            if number % 5_000 == 0 {
                log(String(format: "large repository: %d/%d commits written (%.0f s)", number, commits,
                           Date().timeIntervalSince(started)))
            }
        }
        try handle.close()
        try ChildProcess.run(["git", "-C", path, "fast-import", "--quiet"], stdinPath: stream).check("git fast-import")
        try shape.write(toFile: marker, atomically: true, encoding: .utf8)
        return true
    }

    /// The size of the repository's packs and its object count (`git count-objects -v`).
    func measure() throws -> (packBytes: Int, objects: Int) {
        let output = root + "/.large-count"
        defer { try? FileManager.default.removeItem(atPath: output) }
        try ChildProcess.run(["git", "-C", path, "count-objects", "-v"], stdoutPath: output).check("git count-objects")
        var values: [String: Int] = [:]
        for line in try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let value = Int(parts[1]) { values[parts[0]] = value }
        }
        return ((values["size-pack"] ?? 0) * 1024, (values["in-pack"] ?? 0) + (values["count"] ?? 0))
    }

    private static func textPath(_ folder: Int, _ file: Int) -> String {
        String(format: "src/module-%02d/file-%02d.txt", folder, file)
    }

    private static func dockerfilePath(_ index: Int) -> String { "services/service-\(index)/Dockerfile" }

    private static func dockerfile(_ index: Int, version: Int) -> [UInt8] {
        Array("FROM registry.example.com/base/runtime-\(index):1.\(version)\nRUN make\n".utf8)
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ".utf8)

    private static func text(_ random: inout SplitMix) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(textBytes)
        while bytes.count < textBytes {
            var word = random.next()
            for _ in 0..<8 {
                bytes.append(alphabet[Int(word % UInt64(alphabet.count))])
                word /= UInt64(alphabet.count)
            }
            if bytes.count % 64 == 0 { bytes[bytes.count - 1] = UInt8(ascii: "\n") }
        }
        return bytes
    }

    /// One commit on `main` of a `git fast-import` stream, its files inline.
    private static func commit(number: Int, files: [(String, [UInt8])]) -> Data {
        var data = Data()
        func line(_ text: String) { data.append(contentsOf: Array((text + "\n").utf8)) }
        let message = "Change \(number)"
        line("commit refs/heads/main")
        line("committer Bench <bench@example.com> \(1_577_836_800 + number * 3_600) +0000")
        line("data \(message.utf8.count)")
        line(message)
        for (path, bytes) in files {
            line("M 100644 inline \(path)")
            line("data \(bytes.count)")
            data.append(contentsOf: bytes)
            line("")
        }
        line("")
        return data
    }
}
