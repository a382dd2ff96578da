import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension RegistryClient {
    /// The media type of a referrers index.
    static let imageIndexMediaType = "application/vnd.oci.image.index.v1+json"

    /// The referrers of `digest` in `repository` (OCI distribution 1.1), keeping those of `artifactType`
    /// when one is given.
    ///
    /// Asks `GET /v2/<name>/referrers/<digest>` first; a registry without that API answers `404`, and then
    /// the referrers tag schema is read: the tag `<alg>-<hex>` holds an index of the referrers, and no
    /// such tag means none. The filter is applied here as well, since a registry may ignore it; entries
    /// that name no artifact type are kept, for the caller to read their manifests. `via: .tagSchema`
    /// skips the API, for a caller that already saw this registry lacks it.
    public func referrers(of repository: String, digest: String, artifactType: String? = nil,
                          via known: ReferrersLookup? = nil) async throws(PolicyError) -> ReferrerList {
        let scope = "repository:\(repository):pull"
        var endpoint = url("/v2/\(repository)/referrers/\(digest)")
        if let artifactType, var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: true) {
            components.queryItems = [URLQueryItem(name: "artifactType", value: artifactType)]
            endpoint = components.url ?? endpoint
        }
        var data = Data()
        var status = 404
        if known != .tagSchema {
            var request = URLRequest(url: endpoint)
            request.setValue(Self.imageIndexMediaType, forHTTPHeaderField: "Accept")
            let (body, response) = try await send(request, scope: scope)
            (data, status) = (body, response.statusCode)
            if status != 404 { try expect(response, [200], data: body) }
        }
        let lookup: ReferrersLookup
        let referrers: [Referrer]
        if status == 404 {
            guard let tag = ReferrersTag.name(for: digest) else {
                throw .registryInvalidResponse(url: endpoint.absoluteString, problem: "'\(digest)' is not a digest")
            }
            lookup = .tagSchema
            var tagRequest = URLRequest(url: url("/v2/\(repository)/manifests/\(tag)"))
            tagRequest.setValue(Self.imageIndexMediaType, forHTTPHeaderField: "Accept")
            let (tagData, tagResponse) = try await send(tagRequest, scope: scope)
            if tagResponse.statusCode == 404 { return ReferrerList(referrers: [], lookup: lookup) }
            try expect(tagResponse, [200], data: tagData)
            referrers = try Referrer.parseIndex(tagData, url: tagRequest.url?.absoluteString ?? tag)
        } else {
            lookup = .api
            referrers = try Referrer.parseIndex(data, url: endpoint.absoluteString)
        }
        return ReferrerList(referrers: referrers.filter { artifactType == nil || $0.artifactType == nil || $0.artifactType == artifactType },
                            lookup: lookup)
    }

    /// The artifact type and annotations of the manifest `digest`: for a referrer whose index entry
    /// carries no annotations. The artifact type is the manifest's `artifactType`, else its config's
    /// media type (how artifacts were typed before `artifactType` existed).
    public func manifestAnnotations(of repository: String,
                                    digest: String) async throws(PolicyError) -> (artifactType: String?, annotations: [String: String]) {
        var request = URLRequest(url: url("/v2/\(repository)/manifests/\(digest)"))
        request.setValue(Self.manifestMediaTypes.joined(separator: ", "), forHTTPHeaderField: "Accept")
        let (data, response) = try await send(request, scope: "repository:\(repository):pull")
        try expect(response, [200], data: data)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .registryInvalidResponse(url: request.url?.absoluteString ?? digest, problem: "the manifest is not a JSON object")
        }
        let config = object["config"] as? [String: Any]
        let artifactType = (object["artifactType"] as? String) ?? (config?["mediaType"] as? String)
        return (artifactType, (object["annotations"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String })
    }
}
