import Foundation
import TestSupport

/// `scripts/servers/referrers-api.py` in front of a real loopback registry: answers the OCI referrers
/// API (which Debian's distribution 2.8 lacks) from index files the test writes, and passes every
/// other request to the registry. Stopped when released.
final class ReferrersAPIServer {
    /// `127.0.0.1:<port>`.
    let host: String
    /// Where the test writes `<alg>-<hex>.json` referrers indexes.
    let folder: URL
    private let process: Process
    private let input: Pipe

    init(upstream: String) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/servers/referrers-api.py").path
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-referrers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--upstream", "http://\(upstream)", "--referrers", folder.path]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var bytes = Data()
        while let byte = try? output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            bytes.append(first)
        }
        let line = String(decoding: bytes, as: UTF8.self)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            process.terminate()
            throw RegistryTestError.serverDidNotStart("referrers-api.py did not start: \(line)")
        }
        host = "127.0.0.1:\(port)"
    }

    /// Makes the referrers API list `referrers` for `subject`.
    func setReferrers(of subject: String, _ referrers: [[String: Any]]) throws {
        let index: [String: Any] = ["schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                                    "manifests": referrers]
        try JSONSerialization.data(withJSONObject: index)
            .write(to: folder.appendingPathComponent(subject.replacingOccurrences(of: ":", with: "-") + ".json"))
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}
