import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension RegistryServers {
    /// Pushes an image built here to the basic-auth registry: a config blob dated `created`, one layer of
    /// `layerBytes` bytes (when not zero), and an OCI manifest tagged `tag`. Returns the manifest's digest.
    @discardableResult
    public func pushToBasicRegistry(repository: String, tag: String, created: String, layerBytes: Int = 0) async throws -> String {
        let servers = try addresses()
        let base = URL(string: "http://\(servers.basic)")!
        let authorization = "Basic " + Data("\(servers.user):\(servers.password)".utf8).base64EncodedString()
        func send(_ request: URLRequest) async throws -> HTTPURLResponse {
            var request = request
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
            let (_, response) = try await URLSession.shared.data(for: request)
            guard let http = response as? HTTPURLResponse else { throw RegistryTestError.pushFailed("not HTTP") }
            return http
        }
        func upload(_ blob: Data) async throws -> String {
            let digest = try Self.sha256(blob)
            var start = URLRequest(url: URL(string: "/v2/\(repository)/blobs/uploads/", relativeTo: base)!.absoluteURL)
            start.httpMethod = "POST"
            let started = try await send(start)
            guard started.statusCode == 202, let location = started.value(forHTTPHeaderField: "Location"),
                  let target = URL(string: location, relativeTo: base)?.absoluteURL else {
                throw RegistryTestError.pushFailed("upload start answered \(started.statusCode)")
            }
            var put = URLRequest(url: URL(string: target.absoluteString + (location.contains("?") ? "&" : "?") + "digest=\(digest)")!)
            put.httpMethod = "PUT"
            put.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
            put.httpBody = blob
            let uploaded = try await send(put)
            guard uploaded.statusCode == 201 else { throw RegistryTestError.pushFailed("blob upload answered \(uploaded.statusCode)") }
            return digest
        }
        let config = Data(#"{"architecture":"amd64","os":"linux","created":"\#(created)","rootfs":{"type":"layers","diff_ids":[]}}"#.utf8)
        let configDigest = try await upload(config)
        var layers = ""
        if layerBytes > 0 {
            let layer = Data((0..<layerBytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ created.count) })
            let layerDigest = try await upload(layer)
            layers = #"{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"\#(layerDigest)","size":\#(layerBytes)}"#
        }
        let manifest = Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"\#(configDigest)","size":\#(config.count)},"layers":[\#(layers)]}"#.utf8)
        var put = URLRequest(url: URL(string: "/v2/\(repository)/manifests/\(tag)", relativeTo: base)!.absoluteURL)
        put.httpMethod = "PUT"
        put.setValue("application/vnd.oci.image.manifest.v1+json", forHTTPHeaderField: "Content-Type")
        put.httpBody = manifest
        let stored = try await send(put)
        guard stored.statusCode == 201 else { throw RegistryTestError.pushFailed("manifest put answered \(stored.statusCode)") }
        return try Self.sha256(manifest)
    }

    /// The tags the basic-auth registry lists for `repository`, sorted.
    public func tagsInBasicRegistry(repository: String) async throws -> [String] {
        let servers = try addresses()
        var request = URLRequest(url: URL(string: "http://\(servers.basic)/v2/\(repository)/tags/list")!)
        request.setValue("Basic " + Data("\(servers.user):\(servers.password)".utf8).base64EncodedString(),
                         forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["tags"] as? [String] ?? []).sorted()
    }

    /// `sha256:<hex>` of `data`, computed by coreutils' sha256sum (Foundation on Linux has no SHA-256).
    public static func sha256(_ data: Data) throws -> String {
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
