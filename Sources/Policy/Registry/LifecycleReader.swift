import Foundation

/// Reads an image's end of life from its registry's lifecycle referrers (docs/eol.md).
enum LifecycleReader {
    /// At most this many referrer manifests are fetched per digest when the index omits annotations.
    static let manifestFetchLimit = 20

    /// The lifecycle of `digest` in `repository` (the path inside the registry), and warnings about
    /// annotations that are not dates. `via` is how an earlier digest's referrers were found, so a
    /// registry known to lack the referrers API is not asked again for every tag.
    static func read(repository: String, digest: String, client: RegistryClient, via known: ReferrersLookup? = nil,
                     at now: Date) async throws(PolicyError) -> (ImageLifecycle, [String]) {
        let list = try await client.referrers(of: repository, digest: digest, artifactType: ImageLifecycle.artifactType,
                                              via: known)
        var referrers: [Referrer] = []
        var fetched = 0
        for var referrer in list.referrers {
            // Clients writing the tag schema (and some registries) may leave annotations out of the index.
            if referrer.annotations[ImageLifecycle.endOfLifeAnnotation] == nil || referrer.artifactType == nil,
               fetched < manifestFetchLimit {
                fetched += 1
                let manifest = try await client.manifestAnnotations(of: repository, digest: referrer.digest)
                referrer.annotations.merge(manifest.annotations) { indexValue, _ in indexValue }
                if referrer.artifactType == nil { referrer.artifactType = manifest.artifactType }
            }
            referrers.append(referrer)
        }
        let (lifecycle, unreadable) = ImageLifecycle.earliest(of: referrers, lookup: list.lookup, checkedAt: now)
        let warnings = unreadable.map { digestAndValue in
            "the lifecycle referrer \(digestAndValue.0) of \(digest) gives '\(digestAndValue.1)' as its end of life, which is not a date; it was ignored"
        }
        return (lifecycle, warnings)
    }
}
