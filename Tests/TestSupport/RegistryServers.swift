import Foundation
import XCTest

/// The real loopback registries the registry tests talk to, started by `scripts/servers/registry.sh`.
///
/// `scripts/test.sh` starts them once and exports their addresses; a test run without that (a plain
/// `swift test`) starts them through the same script and stops them when the process exits. Tests skip
/// only when the script itself is absent.
public final class RegistryServers: @unchecked Sendable {
    /// Where the two registries listen (`127.0.0.1:port`) and the user both accept.
    public struct Addresses: Sendable {
        /// The registry with htpasswd basic auth.
        public var basic: String
        /// The registry with Bearer token auth.
        public var token: String
        /// The user name.
        public var user: String
        /// The password.
        public var password: String
    }

    /// The one set of servers of the test process.
    public static let shared = RegistryServers()
    private let lock = NSLock()
    private var started: Result<Addresses, Error>?
    private var stopCommand: String?

    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/servers/registry.sh").path
    }

    /// The servers' addresses, starting them on first use unless `scripts/test.sh` already did.
    public func addresses() throws -> Addresses {
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

/// Why the loopback registries could not be used.
public enum RegistryTestError: Error {
    /// `registry.sh start` failed or printed no addresses.
    case serverDidNotStart(String)
    /// Pushing a test image failed.
    case pushFailed(String)
}
