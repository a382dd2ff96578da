import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import Policy
import TestSupport

/// A manifest as another manifest or an index names it.
struct PushedManifest {
    var digest: String
    var size: Int
    var mediaType: String

    var descriptor: [String: Any] { ["mediaType": mediaType, "digest": digest, "size": size] }
}

/// Pushes what a lifecycle test needs through the registry's HTTP API: images, an index, lifecycle
/// artifacts (manifests with a `subject`) and the referrers tag index `sha256-<hex>` that `oras attach`
/// writes on a registry without the referrers API.
extension RegistryClient {
    static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    static let ociIndex = "application/vnd.oci.image.index.v1+json"
    static let emptyConfig = "application/vnd.oci.empty.v1+json"

    func putBlob(_ data: Data, repository: String) async throws -> String {
        let digest = try Self.sha256(data)
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
        put.httpBody = data
        let (_, uploaded) = try await send(put, scope: scope)
        guard uploaded.statusCode == 201 else { throw RegistryTestError.pushFailed("blob upload answered \(uploaded.statusCode)") }
        return digest
    }

    /// Puts `object` as a manifest at `reference` (a tag), or by its own digest when `reference` is nil.
    func putManifest(_ object: [String: Any], mediaType: String, repository: String,
                     reference: String? = nil) async throws -> PushedManifest {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let digest = try Self.sha256(data)
        var request = URLRequest(url: URL(string: "/v2/\(repository)/manifests/\(reference ?? digest)", relativeTo: baseURL)!.absoluteURL)
        request.httpMethod = "PUT"
        request.setValue(mediaType, forHTTPHeaderField: "Content-Type")
        request.httpBody = data
        let (body, response) = try await send(request, scope: "repository:\(repository):pull,push")
        guard response.statusCode == 201 else {
            throw RegistryTestError.pushFailed("manifest put answered \(response.statusCode): \(String(decoding: body, as: UTF8.self))")
        }
        return PushedManifest(digest: digest, size: data.count, mediaType: mediaType)
    }

    /// A single-platform image built on `created`, tagged `tag` (or untagged).
    func pushImage(repository: String, tag: String?, created: String, architecture: String = "amd64") async throws -> PushedManifest {
        let config = Data(#"{"architecture":"\#(architecture)","os":"linux","created":"\#(created)","rootfs":{"type":"layers","diff_ids":[]}}"#.utf8)
        let digest = try await putBlob(config, repository: repository)
        return try await putManifest([
            "schemaVersion": 2, "mediaType": Self.ociManifest,
            "config": ["mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest, "size": config.count],
            "layers": [[String: Any]](),
        ], mediaType: Self.ociManifest, repository: repository, reference: tag)
    }

    /// A multi-platform index of `manifests` (linux/amd64 first), tagged `tag`.
    func pushIndex(repository: String, tag: String, manifests: [(PushedManifest, String)]) async throws -> PushedManifest {
        let entries: [[String: Any]] = manifests.map { manifest, architecture in
            manifest.descriptor.merging(["platform": ["os": "linux", "architecture": architecture]]) { _, new in new }
        }
        return try await putManifest(["schemaVersion": 2, "mediaType": Self.ociIndex, "manifests": entries],
                                     mediaType: Self.ociIndex, repository: repository, reference: tag)
    }

    /// An artifact about `subject` (pushed by digest, as `oras attach` does), and, unless `referrersTag`
    /// is false, its entry in the referrers tag index of `subject` (read, extended, written back).
    /// `indexAnnotations: false` leaves the annotations out of the index entry, as some clients do.
    @discardableResult
    func attach(repository: String, to subject: PushedManifest, artifactType: String = ImageLifecycle.artifactType,
                annotations: [String: String], referrersTag: Bool = true, indexAnnotations: Bool = true) async throws -> PushedManifest {
        let empty = try await putBlob(Data("{}".utf8), repository: repository)
        let emptyDescriptor: [String: Any] = ["mediaType": Self.emptyConfig, "digest": empty, "size": 2]
        let artifact = try await putManifest([
            "schemaVersion": 2, "mediaType": Self.ociManifest, "artifactType": artifactType,
            "config": emptyDescriptor, "layers": [emptyDescriptor], "subject": subject.descriptor,
            "annotations": annotations,
        ], mediaType: Self.ociManifest, repository: repository)
        guard referrersTag else { return artifact }
        let tag = subject.digest.replacingOccurrences(of: ":", with: "-")
        var entries: [[String: Any]] = []
        var request = URLRequest(url: URL(string: "/v2/\(repository)/manifests/\(tag)", relativeTo: baseURL)!.absoluteURL)
        request.setValue(Self.ociIndex, forHTTPHeaderField: "Accept")
        let (data, response) = try await send(request, scope: "repository:\(repository):pull")
        if response.statusCode == 200, let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            entries = object["manifests"] as? [[String: Any]] ?? []
        }
        var entry = artifact.descriptor
        entry["artifactType"] = artifactType
        if indexAnnotations { entry["annotations"] = annotations }
        entries.append(entry)
        _ = try await putManifest(["schemaVersion": 2, "mediaType": Self.ociIndex, "manifests": entries],
                                  mediaType: Self.ociIndex, repository: repository, reference: tag)
        return artifact
    }
}
