import Foundation

/// A loopback HTTP server (`scripts/servers/auth-log-http.py`) that logs the Authorization header of
/// every request, then answers 401 with a Basic challenge, or redirects to another server.
///
/// Started by the test itself on an ephemeral port; stopped when released (and, should the test
/// process die, when its standard input closes).
public final class AuthLoggingServer {
    /// One request as the server saw it.
    public struct Request: Decodable, Equatable {
        /// The name the server was started with.
        public var server: String
        /// `GET` or `POST`.
        public var method: String
        /// The request path with its query.
        public var path: String
        /// The Authorization header, if any.
        public var authorization: String?

        /// The password of a Basic Authorization header, if that is what was sent.
        public var basicPassword: String? {
            guard let authorization, authorization.hasPrefix("Basic "),
                  let data = Data(base64Encoded: String(authorization.dropFirst(6))) else { return nil }
            let pair = String(decoding: data, as: UTF8.self)
            return pair.firstIndex(of: ":").map { String(pair[pair.index(after: $0)...]) }
        }
    }

    /// `http://<address>:<port>`.
    public let baseURL: String
    private let process: Process
    private let input: Pipe
    private let logPath: String

    /// Starts a server named `name` on `address` (a loopback address such as 127.0.0.1 or 127.0.0.2),
    /// logging into `log`; with `redirectTo`, every request is redirected to that base URL; with `proxyTo`,
    /// forwarded there and its answer relayed (a request counter in front of a real server).
    public init(name: String, address: String = "127.0.0.1", log: String, redirectTo: String? = nil,
                proxyTo: String? = nil) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/servers/auth-log-http.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--log", log, "--name", name, "--bind", address]
            + (redirectTo.map { ["--redirect-to", $0] } ?? [])
            + (proxyTo.map { ["--proxy-to", $0] } ?? [])
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        logPath = log
        try process.run()
        let line = Self.readLine(output.fileHandleForReading)
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "auth-log-http.py did not start: \(line)"])
        }
        baseURL = "http://\(address):\(port)"
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Every request logged so far by every server sharing the log, in order.
    public func requests() throws -> [Request] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    private static func readLine(_ handle: FileHandle) -> String {
        var bytes = Data()
        while let byte = try? handle.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            bytes.append(first)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
