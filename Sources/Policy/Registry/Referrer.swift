import Foundation

/// A manifest that names another as its `subject` (an OCI referrer), as the referrers index describes it.
public struct Referrer: Sendable, Hashable {
    /// The referrer manifest's digest.
    public var digest: String
    /// Its media type (an OCI image manifest, usually).
    public var mediaType: String?
    /// What kind of artifact it is (`application/vnd.microsoft.artifact.lifecycle`).
    public var artifactType: String?
    /// The annotations the index copies from the referrer manifest.
    public var annotations: [String: String]

    /// A referrer descriptor.
    public init(digest: String, mediaType: String? = nil, artifactType: String? = nil, annotations: [String: String] = [:]) {
        self.digest = digest
        self.mediaType = mediaType
        self.artifactType = artifactType
        self.annotations = annotations
    }

    /// The `manifests` of a referrers index (the referrers API's answer, or the index a referrers tag
    /// holds). Entries without a digest are skipped; annotation values that are not strings are ignored.
    static func parseIndex(_ data: Data, url: String) throws(PolicyError) -> [Referrer] {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .registryInvalidResponse(url: url, problem: "the referrers index is not a JSON object")
        }
        guard let entries = object["manifests"] as? [[String: Any]] else {
            if object["manifests"] == nil || object["manifests"] is NSNull { return [] }
            throw .registryInvalidResponse(url: url, problem: "the referrers index has no 'manifests' list")
        }
        return entries.compactMap { entry in
            guard let digest = entry["digest"] as? String, !digest.isEmpty else { return nil }
            let annotations = (entry["annotations"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            return Referrer(digest: digest, mediaType: entry["mediaType"] as? String,
                            artifactType: entry["artifactType"] as? String, annotations: annotations)
        }
    }
}

/// How the referrers of a digest were found.
public enum ReferrersLookup: String, Codable, Sendable, Hashable, CustomStringConvertible {
    /// `GET /v2/<name>/referrers/<digest>` (OCI distribution 1.1).
    case api = "referrers-api"
    /// The referrers tag schema: the tag `<alg>-<hex>` holding an image index, for registries without the API.
    case tagSchema = "referrers-tag"

    /// The lookup in words, for explanations.
    public var description: String {
        switch self {
        case .api: return "the registry's referrers API"
        case .tagSchema: return "the referrers tag schema"
        }
    }
}

/// The referrers of one digest and how they were found.
public struct ReferrerList: Sendable, Hashable {
    /// The referrers (filtered by artifact type when one was asked for).
    public var referrers: [Referrer]
    /// Whether the API answered or the tag schema was read.
    public var lookup: ReferrersLookup

    /// A list of referrers.
    public init(referrers: [Referrer], lookup: ReferrersLookup) {
        self.referrers = referrers
        self.lookup = lookup
    }
}

/// The referrers tag schema's tag names (`sha256:<hex>` → `sha256-<hex>`).
public enum ReferrersTag {
    /// The tag holding the referrers index of `digest`, or `nil` when `digest` is not `<alg>:<hex>`.
    public static func name(for digest: String) -> String? {
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "_" }),
              parts[1].allSatisfy(\.isHexDigit) else { return nil }
        // A tag is at most 128 characters: the schema truncates the algorithm to 32 and the hex to 64.
        return "\(parts[0].prefix(32))-\(parts[1].prefix(64))"
    }

    /// Whether `tag` is a referrers tag (`sha256-<64 hex>`, `sha512-<64 hex>`): an index of artifacts
    /// about an image, not an image anyone pulls.
    public static func isReferrersTag(_ tag: String) -> Bool {
        guard let dash = tag.firstIndex(of: "-") else { return false }
        let algorithm = tag[..<dash], hex = tag[tag.index(after: dash)...]
        return ["sha256", "sha384", "sha512"].contains(String(algorithm)) && hex.count == 64
            && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
