import Extraction
import Foundation

/// Replacement suggestions already worked out against one set of catalogs, by image, policy and time.
///
/// A fleet pulls the same images from many files and branches, and every usage needing a replacement
/// searches the catalog's current tags; the answer depends only on the image, the policy, the catalog
/// and the time of the evaluation, so each is worked out once per `CatalogSnapshot`.
public final class SuggestionMemo: Sendable {
    /// What a suggestion depends on besides the snapshot's catalogs.
    struct Key: Hashable {
        var image: String
        var policyHash: String
        var now: Date
    }

    private let memo = BoundedMemo<Key, Suggestion?>(generationSize: 50_000)

    /// An empty memo.
    public init() {}

    /// The suggestion for `key`, computed by `compute` the first time.
    func suggestion(for key: Key, compute: () -> Suggestion?) -> Suggestion? {
        memo.value(for: key, compute: compute)
    }
}
