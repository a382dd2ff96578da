import Extraction
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Builds catalogs from registry APIs: the OCI distribution API (tags, then each tag's digest and build
/// date) and the Microsoft container registry catalog API (tags with digests and dates in one call).
public enum RegistryCatalogFetcher {
    /// The catalog of `repository` (`registry/path`) from the OCI distribution API.
    ///
    /// A tag whose digest is unchanged since `previous` keeps its known build date without downloading
    /// its manifest and config again; at most `detailLimit` tags get new dates per fetch (the rest keep
    /// what `previous` knew), so a huge repository cannot stall a crawl. Tags `previous` listed that
    /// are gone are kept as removed at `fetchedAt`.
    ///
    /// Each dated tag's end of life is read from its digest's lifecycle referrers (docs/eol.md) on every
    /// fetch, since a registry attaches them after the image ships. Referrers tags (`sha256-<hex>`) hold
    /// those artifacts, not images, and are not catalog tags.
    public static func distribution(repository: String, client: RegistryClient, previous: Catalog?, fetchedAt: Date,
                                    detailLimit: Int = 300) async throws(PolicyError) -> Catalog {
        let path = try self.path(of: repository)
        let tags = try await client.tags(of: path).filter { !ReferrersTag.isReferrersTag($0) }
        // A catalog stored before referrers tags were told apart may list some: they were never images.
        var previous = previous
        previous?.tags.removeAll { ReferrersTag.isReferrersTag($0.tag) }
        var records: [CatalogTag] = []
        var warnings: [String] = []
        var detailed = 0
        var lookup: ReferrersLookup?
        for tag in Set(tags).sorted() {
            var record = previous?.tag(tag) ?? CatalogTag(tag: tag)
            record.removedAt = nil
            if record.firstSeen == nil { record.firstSeen = fetchedAt }
            if detailed < detailLimit {
                detailed += 1
                let digest = try await client.manifestDigest(of: path, reference: tag)
                if digest == nil || digest != record.digest || record.created == nil {
                    record.created = try await client.created(of: path, reference: digest ?? tag)
                }
                if let digest {
                    do {
                        let (lifecycle, problems) = try await LifecycleReader.read(repository: path, digest: digest, client: client,
                                                                                   via: lookup, at: fetchedAt)
                        record.lifecycle = lifecycle
                        lookup = lifecycle.lookup
                        warnings += problems.map { "\(tag): \($0)" }
                    } catch {
                        // A registry that went away or turned the credentials down fails the sync like any call.
                        switch error {
                        case .registryUnreachable, .registryAuthenticationFailed: throw error
                        default: break
                        }
                        warnings.append("\(tag): the lifecycle referrers of \(digest) could not be read: \(error)")
                        if digest != record.digest { record.lifecycle = nil }
                    }
                } else {
                    record.lifecycle = nil
                }
                record.digest = digest
            }
            records.append(record)
        }
        if tags.count > detailLimit {
            warnings.append("\((tags.count - detailLimit).counted("tag")) \(tags.count - detailLimit == 1 ? "was" : "were") not dated this time (limit \(detailLimit) per fetch)")
        }
        let catalog = Catalog(repository: repository, origin: .registry, source: "registry \(client.baseURL.absoluteString)",
                              fetchedAt: fetchedAt, tags: records, warnings: warnings)
        return catalog.continuing(from: previous)
    }

    /// The catalog of `repository` from the MCR catalog API (`/api/v1/catalog/<path>/tags`).
    public static func mcrCatalog(repository: String, client: RegistryClient, previous: Catalog?,
                                  fetchedAt: Date) async throws(PolicyError) -> Catalog {
        let path = try self.path(of: repository)
        let url = URL(string: "/api/v1/catalog/\(path)/tags", relativeTo: client.baseURL)?.absoluteURL
        guard let url else {
            throw .registryInvalidResponse(url: path, problem: "cannot form the catalog URL")
        }
        var request = URLRequest(url: url)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response) = try await client.send(request, scope: "repository:\(path):pull")
        guard response.statusCode == 200 else {
            throw .registryStatus(url: url.absoluteString, status: response.statusCode,
                                  body: String(decoding: data.prefix(300), as: UTF8.self))
        }
        var tags = try parseMCRCatalog(data, url: url.absoluteString)
        for index in tags.indices {
            tags[index].firstSeen = previous?.tag(tags[index].tag)?.firstSeen ?? fetchedAt
        }
        return Catalog(repository: repository, origin: .registry, source: "mcr-catalog \(url.absoluteString)",
                       fetchedAt: fetchedAt, tags: tags).continuing(from: previous)
    }

    /// The tags of an MCR catalog answer: a JSON array (or `{ "tags": [...] }`) of objects with `name`
    /// (or `tag`), `digest` and `lastModifiedDate` (else `createdDate`). A tag listed once per platform
    /// keeps its latest date; its digest is the one of that latest entry.
    public static func parseMCRCatalog(_ data: Data, url: String) throws(PolicyError) -> [CatalogTag] {
        let object = try? JSONSerialization.jsonObject(with: data)
        guard let entries = (object as? [[String: Any]]) ?? ((object as? [String: Any])?["tags"] as? [[String: Any]]) else {
            throw .registryInvalidResponse(url: url, problem: "expected a JSON array of tags")
        }
        var byTag: [String: CatalogTag] = [:]
        for entry in entries {
            guard let name = (entry["name"] as? String) ?? (entry["tag"] as? String), !name.isEmpty else { continue }
            let date = ((entry["lastModifiedDate"] as? String) ?? (entry["createdDate"] as? String)).flatMap(RFC3339.parse)
            let digest = entry["digest"] as? String
            if let existing = byTag[name], let existingDate = existing.created, date.map({ $0 <= existingDate }) ?? true {
                continue
            }
            byTag[name] = CatalogTag(tag: name, created: date, digest: digest)
        }
        return byTag.values.sorted { $0.tag < $1.tag }
    }

    /// The path of `repository` inside its registry (`registry.example.com/team/base` → `team/base`).
    static func path(of repository: String) throws(PolicyError) -> String {
        let parsed = ImageReference.parse(repository)
        guard let path = parsed.repository else {
            throw .registryInvalidResponse(url: repository, problem: "not a repository name")
        }
        return path
    }
}
