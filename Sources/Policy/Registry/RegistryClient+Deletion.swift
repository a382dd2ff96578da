import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension RegistryClient {
    /// How a manifest deletion ended.
    public enum DeletionResult: Sendable, Hashable {
        /// The registry accepted it (`202`).
        case deleted
        /// The registry has no such manifest (`404`): already gone.
        case notFound
    }

    /// Deletes the manifest `digest` of `repository` (`DELETE /v2/<name>/manifests/<digest>`), which removes
    /// every tag pointing to it. A registry that does not allow deletes (`405`) is an error that says so.
    public func deleteManifest(of repository: String, digest: String) async throws(PolicyError) -> DeletionResult {
        let target = endpoint("/v2/\(repository)/manifests/\(digest)")
        var request = URLRequest(url: target)
        request.httpMethod = "DELETE"
        let (data, response) = try await send(request, scope: "repository:\(repository):delete")
        switch response.statusCode {
        case 200, 202, 204: return .deleted
        case 404: return .notFound
        case 405:
            throw .registryStatus(url: target.absoluteString, status: 405,
                                  body: "the registry does not allow deleting manifests (distribution: storage.delete.enabled)")
        default:
            throw .registryStatus(url: target.absoluteString, status: response.statusCode,
                                  body: String(decoding: data.prefix(300), as: UTF8.self)
                                      .trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// The size `repository:reference` states in its manifest: the config and every layer; for an index,
    /// the sum over its manifests. `nil` when the manifest states none.
    public func imageSize(of repository: String, reference: String) async throws(PolicyError) -> Int64? {
        let scope = "repository:\(repository):pull"
        let manifest = try await manifestObject(repository, reference, scope: scope)
        if let entries = manifest["manifests"] as? [[String: Any]] {
            var total: Int64 = 0
            var known = false
            for entry in entries.prefix(64) {
                guard let digest = entry["digest"] as? String else { continue }
                if let size = Self.statedSize(try await manifestObject(repository, digest, scope: scope)) {
                    total += size
                    known = true
                }
            }
            return known ? total : nil
        }
        return Self.statedSize(manifest)
    }

    /// The config's and layers' `size` fields of a single-platform manifest.
    static func statedSize(_ manifest: [String: Any]) -> Int64? {
        var parts: [[String: Any]] = manifest["layers"] as? [[String: Any]] ?? []
        if let config = manifest["config"] as? [String: Any] { parts.append(config) }
        let sizes = parts.compactMap { ($0["size"] as? NSNumber)?.int64Value }
        return sizes.isEmpty ? nil : sizes.reduce(0, +)
    }

    private func manifestObject(_ repository: String, _ reference: String, scope: String) async throws(PolicyError) -> [String: Any] {
        let target = endpoint("/v2/\(repository)/manifests/\(reference)")
        var request = URLRequest(url: target)
        request.setValue(Self.manifestMediaTypes.joined(separator: ", "), forHTTPHeaderField: "Accept")
        let (data, response) = try await send(request, scope: scope)
        guard response.statusCode == 200 else {
            throw .registryStatus(url: target.absoluteString, status: response.statusCode,
                                  body: String(decoding: data.prefix(300), as: UTF8.self))
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .registryInvalidResponse(url: target.absoluteString, problem: "the manifest is not a JSON object")
        }
        return object
    }

    private func endpoint(_ path: String) -> URL {
        URL(string: path, relativeTo: baseURL)?.absoluteURL ?? baseURL.appendingPathComponent(path)
    }
}
