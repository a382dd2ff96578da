import Foundation
import Inventory
import TestSupport
@testable import Policy

/// A new repository on a loopback registry holding tag `1.0`, an empty in-memory inventory and the
/// catalog sync that reads the registry with its credentials: what the registry catalog tests start from.
struct RegistrySyncFixture {
    let servers: RegistryServers.Addresses
    /// The registry's host and port (`servers.token` unless another is chosen).
    let host: String
    /// The repository's path on the registry, unique to the test.
    let path: String
    /// Pushes more tags.
    let pusher: RegistryClient
    let database: AppDatabase
    let sync: CatalogSync
    let environment: [String: String]

    /// `host` picks the registry (token authentication by default).
    init(host: (RegistryServers.Addresses) -> String = { $0.token }) async throws {
        servers = try RegistryServers.shared.addresses()
        self.host = host(servers)
        path = "census/t\(UUID().uuidString.prefix(8).lowercased())/base"
        pusher = RegistryClient(baseURL: URL(string: "http://\(self.host)")!,
                                credentials: RegistryCredentials(username: servers.user, password: servers.password))
        try await pusher.push(repository: path, tag: "1.0", created: "2026-01-01T00:00:00Z")
        database = try AppDatabase.inMemory()
        sync = CatalogSync(database: database)
        environment = ["CENSUS_REGISTRY_USER": servers.user, "CENSUS_REGISTRY_PASSWORD": servers.password]
    }

    /// The repository as a catalog names it: `<host>/<path>`.
    var repository: String { "\(host)/\(path)" }
}
