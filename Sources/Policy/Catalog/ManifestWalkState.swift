import Foundation

/// Where a manifest history walk stopped, beyond the catalog it produced: enough to continue the walk
/// from `tip` later and reach exactly what a walk from the root would.
///
/// Stored with the catalog (`catalog.walk_state`) as JSON; a state written by another walk `version` is
/// not continued (the catalog is walked again from the root), so a census that reads manifests
/// differently never extends facts an older one derived.
public struct ManifestWalkState: Codable, Sendable, Hashable {
    /// The version of the walk's rules; raised whenever `ManifestCatalogBuilder` reads manifests differently.
    public static let currentVersion = 1

    /// The walk's rules version.
    public var version: Int
    /// The last commit walked (the branch tip of that sync).
    public var tip: String
    /// The blob ids of the manifest set at the last commit that was applied (`[]`: no manifest there);
    /// a commit with the same set is skipped.
    public var lastManifestSet: [String]?
    /// Manifest blobs that could not be parsed, with the warning they gave (the first commit that had them
    /// is named, however often they recur).
    public var brokenBlobs: [String: String]

    /// A walk state.
    public init(version: Int = currentVersion, tip: String, lastManifestSet: [String]?, brokenBlobs: [String: String]) {
        self.version = version
        self.tip = tip
        self.lastManifestSet = lastManifestSet
        self.brokenBlobs = brokenBlobs
    }

    /// The JSON stored with the catalog.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The state stored as `json`, or `nil` when absent, unreadable or from another walk version.
    public init?(json: String?) {
        guard let json, let state = try? JSONDecoder().decode(Self.self, from: Data(json.utf8)),
              state.version == Self.currentVersion else { return nil }
        self = state
    }
}
