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
