import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import Policy
import TestSupport

/// Pushes test images through the registry's HTTP API with the client's own authentication.
extension RegistryClient {
    func push(repository: String, tag: String, created: String) async throws {
        _ = try await pushImage(repository: repository, tag: tag, created: created)
    }

    func deleteManifest(repository: String, digest: String) async throws {
        var request = URLRequest(url: URL(string: "/v2/\(repository)/manifests/\(digest)", relativeTo: baseURL)!.absoluteURL)
        request.httpMethod = "DELETE"
        let (_, response) = try await send(request, scope: "repository:\(repository):pull,push,delete")
        guard response.statusCode == 202 else { throw RegistryTestError.pushFailed("delete answered \(response.statusCode)") }
    }

    /// `sha256:<hex>` of `data`.
    static func sha256(_ data: Data) throws -> String {
        try RegistryServers.sha256(data)
    }
}
