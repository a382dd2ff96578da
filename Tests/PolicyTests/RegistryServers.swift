import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import Policy

/// The real loopback registries the registry tests talk to, started by `scripts/servers/registry.sh`.
///
/// `scripts/test.sh` starts them once and exports their addresses; a test run without that (a plain
/// `swift test`) starts them through the same script and stops them when the process exits. Tests skip
/// only when the script itself is absent.
final class RegistryServers: @unchecked Sendable {
    struct Addresses {
        var basic: String
        var token: String
        var user: String
        var password: String
    }

    static let shared = RegistryServers()
    private let lock = NSLock()
    private var started: Result<Addresses, Error>?
    private var stopCommand: String?

    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/servers/registry.sh").path
    }

    func addresses() throws -> Addresses {
        lock.lock()
        defer { lock.unlock() }
        if let started { return try started.get() }
        let environment = ProcessInfo.processInfo.environment
        if let basic = environment["CENSUS_TEST_REGISTRY_BASIC"], let token = environment["CENSUS_TEST_REGISTRY_TOKEN"],
           let user = environment["CENSUS_TEST_REGISTRY_USER"], let password = environment["CENSUS_TEST_REGISTRY_PASSWORD"] {
            let addresses = Addresses(basic: basic, token: token, user: user, password: password)
            started = .success(addresses)
            return addresses
        }
        guard FileManager.default.fileExists(atPath: Self.scriptPath) else {
            throw XCTSkip("scripts/servers/registry.sh is absent, so no real registry can be started")
        }
        let result = Result { try start() }
        started = result
        return try result.get()
    }

    private func start() throws -> Addresses {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-registry-start-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("out"), errorURL = folder.appendingPathComponent("err")
        // `system` waits for the script alone; Foundation's Process on Linux also waits for the servers
        // it leaves running, so it would never return.
        let status = system("bash '\(Self.scriptPath)' start > '\(outputURL.path)' 2> '\(errorURL.path)'")
        let data = (try? Data(contentsOf: outputURL)) ?? Data()
        let errorText = String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self)
        guard status == 0 else {
            throw RegistryTestError.serverDidNotStart("registry.sh start failed (status \(status)): \(errorText)")
        }
        var values: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("export "), let equals = line.firstIndex(of: "=") {
                values[String(line[line.index(line.startIndex, offsetBy: 7)..<equals])] = String(line[line.index(after: equals)...])
            } else if line.hasPrefix("STOP: ") {
                stopCommand = String(line.dropFirst(6))
            }
        }
        if let stop = stopCommand { atexit_command = stop }
        atexit { if let command = atexit_command { _ = system(command) } }
        guard let basic = values["CENSUS_TEST_REGISTRY_BASIC"], let token = values["CENSUS_TEST_REGISTRY_TOKEN"],
              let user = values["CENSUS_TEST_REGISTRY_USER"], let password = values["CENSUS_TEST_REGISTRY_PASSWORD"] else {
            throw RegistryTestError.serverDidNotStart("registry.sh printed no addresses")
        }
        return Addresses(basic: basic, token: token, user: user, password: password)
    }
}

/// The stop command run when the test process exits (C `atexit` takes no context).
nonisolated(unsafe) private var atexit_command: String?

enum RegistryTestError: Error {
    case serverDidNotStart(String)
    case pushFailed(String)
}

/// Pushes test images through the registry's HTTP API with the client's own authentication.
extension RegistryClient {
    func push(repository: String, tag: String, created: String) async throws {
        let config = Data(#"{"architecture":"amd64","os":"linux","created":"\#(created)","rootfs":{"type":"layers","diff_ids":[]}}"#.utf8)
        let digest = try Self.sha256(config)
        let scope = "repository:\(repository):pull,push"
        var start = URLRequest(url: URL(string: "/v2/\(repository)/blobs/uploads/", relativeTo: baseURL)!.absoluteURL)
        start.httpMethod = "POST"
        let (_, started) = try await send(start, scope: scope)
        guard started.statusCode == 202, let location = started.value(forHTTPHeaderField: "Location"),
              let upload = URL(string: location, relativeTo: baseURL)?.absoluteURL else {
            throw RegistryTestError.pushFailed("upload start answered \(started.statusCode)")
        }
        var put = URLRequest(url: URL(string: upload.absoluteString + (location.contains("?") ? "&" : "?") + "digest=\(digest)")!)
        put.httpMethod = "PUT"
        put.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        put.httpBody = config
        let (_, uploaded) = try await send(put, scope: scope)
        guard uploaded.statusCode == 201 else { throw RegistryTestError.pushFailed("blob upload answered \(uploaded.statusCode)") }
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(digest)","size":\#(config.count)},"layers":[]}"#
        var putManifest = URLRequest(url: URL(string: "/v2/\(repository)/manifests/\(tag)", relativeTo: baseURL)!.absoluteURL)
        putManifest.httpMethod = "PUT"
        putManifest.setValue("application/vnd.oci.image.manifest.v1+json", forHTTPHeaderField: "Content-Type")
        putManifest.httpBody = Data(manifest.utf8)
        let (_, stored) = try await send(putManifest, scope: scope)
        guard stored.statusCode == 201 else { throw RegistryTestError.pushFailed("manifest put answered \(stored.statusCode)") }
    }

    func deleteManifest(repository: String, digest: String) async throws {
        var request = URLRequest(url: URL(string: "/v2/\(repository)/manifests/\(digest)", relativeTo: baseURL)!.absoluteURL)
        request.httpMethod = "DELETE"
        let (_, response) = try await send(request, scope: "repository:\(repository):pull,push,delete")
        guard response.statusCode == 202 else { throw RegistryTestError.pushFailed("delete answered \(response.statusCode)") }
    }

    /// `sha256:<hex>` of `data`, computed by coreutils' sha256sum (Foundation on Linux has no SHA-256).
    static func sha256(_ data: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return "sha256:" + (text.split(separator: " ").first.map(String.init) ?? "")
    }
}
